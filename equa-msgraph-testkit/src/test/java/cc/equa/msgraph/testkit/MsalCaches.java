package cc.equa.msgraph.testkit;

import java.util.Map;

/** Test helper: MSAL4J's per-JVM caches (public for the integration tests under cc.equa.msgraph.it). */
public final class MsalCaches {
    private MsalCaches() {
    }

    /**
     * MSAL4J keeps instance discovery answers (and a "discovery failed" flag) per JVM, so a test that asserts the
     * discovery call must start from nothing: an earlier test's answer would otherwise stand in for it.
     */
    public static void forgetInstanceDiscovery() throws ReflectiveOperationException {
        Class<?> provider = Class.forName("com.microsoft.aad.msal4j.AadInstanceDiscoveryProvider");
        var cache = provider.getDeclaredField("cache");
        cache.setAccessible(true);
        ((Map<?, ?>) cache.get(null)).clear();
        var failed = provider.getDeclaredField("instanceDiscoveryFailed");
        failed.setAccessible(true);
        failed.setBoolean(null, false);
    }
}
