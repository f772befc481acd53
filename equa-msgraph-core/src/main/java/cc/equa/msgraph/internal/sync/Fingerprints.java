package cc.equa.msgraph.internal.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 fingerprints of the state a plan was computed from. */
public final class Fingerprints {

    private Fingerprints() {
    }

    /**
     * Hash a text.
     *
     * @param text the text
     * @return the lower-case hex SHA-256
     */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Hash a set of lines independent of their order: sort, join with newlines, hash.
     *
     * @param lines the lines
     * @return the hash
     */
    public static String ofLines(Collection<String> lines) {
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(null);
        return sha256(String.join("\n", sorted));
    }

    /**
     * Fingerprint the group: its id, its sorted member ids and its sorted owner ids.
     *
     * @param groupId the group
     * @param memberIds the member ids
     * @param ownerIds the owner ids
     * @return the hash
     */
    public static String ofGroup(String groupId, Collection<String> memberIds, Collection<String> ownerIds) {
        List<String> lines = new ArrayList<>();
        lines.add("group " + groupId);
        memberIds.forEach(id -> lines.add("member " + id));
        ownerIds.forEach(id -> lines.add("owner " + id));
        return ofLines(lines);
    }

    /**
     * Combine the group and team fingerprints into a plan's state fingerprint.
     *
     * @param group the group fingerprint
     * @param team the team fingerprint
     * @return the combined hash
     */
    public static String combine(String group, String team) {
        return sha256("group:" + group + "\nteam:" + team);
    }
}
