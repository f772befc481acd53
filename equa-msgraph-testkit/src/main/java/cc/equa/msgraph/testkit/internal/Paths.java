package cc.equa.msgraph.testkit.internal;

/** Path glob matching shared by faults and the journal. */
public final class Paths {
    private Paths() {
    }

    public static boolean matches(String pattern, String fullPath) {
        return FaultEngine.pathMatches(pattern, fullPath);
    }
}
