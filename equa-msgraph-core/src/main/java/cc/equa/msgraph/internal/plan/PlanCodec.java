package cc.equa.msgraph.internal.plan;

import cc.equa.msgraph.InvalidInputException;
import cc.equa.msgraph.InvalidInputException.FieldProblem;
import cc.equa.msgraph.SyncPlan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.jspecify.annotations.Nullable;

/**
 * The stable, versioned JSON form of a sync plan. Key order does not matter on reading.
 *
 * <p>Plans the library makes ({@link #VERSION_AUTHENTICATED}) carry the id of a host-controlled key and an
 * HMAC-SHA256 over their canonical content: the compact JSON of every field (format, version and key id included)
 * re-encoded from what was read, so the MAC covers exactly what would be applied. Reading cannot check it (it has no
 * key); {@link PlanAuthenticator} does, before a plan is applied. Versions 1 and 2 (0.1.0's form and owner roles
 * before authentication) carry only an unkeyed digest anyone can recompute: they are still read (and their digest
 * checked, which catches accidents), but never applied.
 *
 * <p>This class is the codec's face: versions, sealing and checking. The JSON itself is read by
 * {@link PlanJsonReader} (strict syntax, every field typed) and written by {@link PlanJsonWriter} (streamed, in a
 * fixed field order that the digests and MACs depend on).
 */
public final class PlanCodec {

    /** The format name written to every plan. */
    public static final String FORMAT = "equa-msgraph.sync-plan";
    /**
     * The format version of plans without owner management (0.1.0's format); still written for them, so 0.1.0 reads
     * them, and always read.
     */
    public static final int VERSION = 1;
    /**
     * The format version of plans made with owner roles: version 1 plus {@code options.ownerRoles} and
     * {@code ownerAdditions}. A 0.1.0 reader refuses it by its version rather than silently dropping owner additions.
     */
    public static final int VERSION_OWNERS = 2;
    /**
     * The format version of authenticated plans (since 0.2.0): version 2's fields, always with {@code ownerRoles} and
     * {@code ownerAdditions}, plus {@code keyId} and {@code mac} instead of {@code digest}.
     */
    public static final int VERSION_AUTHENTICATED = 3;

    private static final String OPERATION = "Read a sync plan";

    private PlanCodec() {
    }

    /**
     * Write an unauthenticated plan as JSON in the unkeyed form of versions 1 and 2 (pretty-printed, with its
     * digest). Only plans read in that form, or made inside the library and never handed to a host, are written so;
     * such a plan is never applied.
     *
     * @param c the plan content
     * @return the JSON text
     */
    public static String encode(PlanContent c) {
        int version = legacyVersion(c);
        StringWriter out = new StringWriter();
        PlanJsonWriter.write(PlanJsonWriter.PRETTY, out, c, version, null, "digest", digest(c, version));
        return out.toString();
    }

    /**
     * Write an authenticated plan as JSON (pretty-printed, version {@link #VERSION_AUTHENTICATED}, with its key id
     * and MAC).
     *
     * @param c the plan content
     * @param seal the plan's seal, from {@link #seal}
     * @return the JSON text
     */
    public static String encode(PlanContent c, PlanSeal seal) {
        StringWriter out = new StringWriter();
        PlanJsonWriter.write(PlanJsonWriter.PRETTY, out, c, VERSION_AUTHENTICATED, seal.keyId(), "mac", seal.mac());
        return out.toString();
    }

    /**
     * Compute a plan's seal: the HMAC-SHA256, under {@code key}, of its canonical content with the format, the
     * version and the key id.
     *
     * @param c the plan content
     * @param keyId the key's id
     * @param key the key
     * @return the seal
     */
    public static PlanSeal seal(PlanContent c, String keyId, SecretKey key) {
        return new PlanSeal(keyId, "hmac-sha256:" + HexFormat.of().formatHex(mac(c, keyId, key)));
    }

    /**
     * Tell whether a seal is the one {@code key} makes for this content, comparing in constant time.
     *
     * @param c the plan content
     * @param seal the claimed seal
     * @param key the key named by the seal's key id
     * @return true if it verifies
     */
    public static boolean verifies(PlanContent c, PlanSeal seal, SecretKey key) {
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(seal.mac().substring("hmac-sha256:".length()));
        } catch (RuntimeException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(c, seal.keyId(), key), claimed);
    }

    /**
     * A plan as read: its content and, for an authenticated plan, the seal it claims (checked by
     * {@link PlanAuthenticator}, not here).
     *
     * @param content the content
     * @param seal the claimed seal, or null for an unauthenticated (version 1 or 2) plan
     */
    public record Decoded(PlanContent content, @Nullable PlanSeal seal) {
    }

    /**
     * Read a plan from JSON, checking the syntax (strict JSON), the format, the version (exactly a supported integer),
     * every field, and for versions 1 and 2 the digest. Any malformed text is an {@link InvalidInputException}.
     *
     * @param json the JSON text
     * @return the content and its claimed seal
     * @throws InvalidInputException if the text is not an intact plan of a version this library reads
     */
    public static Decoded decode(String json) {
        PlanJsonReader.Parsed parsed = PlanJsonReader.parse(json);
        // the parsed tree is garbage by now: a large plan's text, tree and re-encoded body are never held together
        if (parsed.version() == VERSION_AUTHENTICATED) {
            return new Decoded(parsed.content(), parsed.seal());
        }
        String expected;
        try {
            expected = digest(parsed.content(), legacyVersion(parsed.content()));
        } catch (RuntimeException e) {
            throw problem("json", "is not a complete sync plan (" + e.getClass().getSimpleName() + ")",
                    "Pass the text SyncPlan.toJson() produced, unchanged.");
        }
        if (!expected.equals(parsed.digest())) {
            throw problem("digest", "does not match the plan's content: the plan was changed after it was made",
                    "Plan again and review the new plan; never edit a plan by hand.");
        }
        return new Decoded(parsed.content(), null);
    }

    static int legacyVersion(PlanContent c) {
        return !c.options().ownerRoles().isEmpty() || !c.ownerAdditions().isEmpty() ? VERSION_OWNERS : VERSION;
    }

    private static String digest(PlanContent c, int version) {
        // the SHA-256 of the compact body in UTF-8, streamed: a large plan's compact text is never built
        MessageDigest md = Fingerprints.newSha256();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(
                OutputStream.nullOutputStream(), md), StandardCharsets.UTF_8))) {
            PlanJsonWriter.write(PlanJsonWriter.COMPACT, w, c, version, null, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static byte[] mac(PlanContent c, String keyId, SecretKey key) {
        // the HMAC of GSON.toJson(body) in UTF-8, streamed like the digest
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available to authenticate a plan", e);
        }
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                mac.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                mac.update(b, off, len);
            }
        };
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8))) {
            PlanJsonWriter.write(PlanJsonWriter.COMPACT, w, c, VERSION_AUTHENTICATED, keyId, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return mac.doFinal();
    }

    static InvalidInputException problem(String field, String problem, String remediation) {
        return new InvalidInputException(OPERATION, List.of(new FieldProblem(field, problem, remediation)));
    }
}
