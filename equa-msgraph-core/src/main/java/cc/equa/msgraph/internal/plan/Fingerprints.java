package cc.equa.msgraph.internal.plan;

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
        return HexFormat.of().formatHex(newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Return a fresh SHA-256 digest, for hashing text streamed into it (UTF-8) without building it as one string.
     *
     * @return the digest
     */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
        // the hash of the lines joined by '\n', streamed line by line
        MessageDigest md = newSha256();
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                md.update((byte) '\n');
            }
            md.update(sorted.get(i).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
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
