package cc.equa.msgraph.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cc.equa.msgraph.internal.GraphFailure;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code $batch} answer parser against malformed bodies: the documented shapes that broke it before, and a seeded
 * fuzz of mutated answers. It never throws; whatever it cannot use becomes a failed step.
 */
class BatchParsingFuzzTest {

    private static final List<Step> STEPS = List.of(new Step.UserQuery("mail in ('a@x.test')", null),
            new Step.Bind("g", List.of("u1")), new Step.RemoveRef("g", "u2"));
    private static final List<String> IDS = List.of("1", "2", "3");
    private static final String BASE = "https://graph.microsoft.com/v1.0";

    private static List<StepResponse> parse(String body) {
        return Batch.parseBatch(200, null, "batch-rid", body, STEPS, IDS, BASE);
    }

    private static String valid() {
        return "{\"responses\":["
                + "{\"id\":\"1\",\"status\":200,\"headers\":{\"request-id\":\"r1\"},\"body\":{\"value\":[{\"id\":\"u1\","
                + "\"mail\":\"a@x.test\",\"userPrincipalName\":\"a@x.test\",\"accountEnabled\":true,"
                + "\"otherMails\":[],\"proxyAddresses\":[\"SMTP:a@x.test\"]}]}},"
                + "{\"id\":\"2\",\"status\":204},"
                + "{\"id\":\"3\",\"status\":429,\"headers\":{\"Retry-After\":\"3\"},\"body\":{\"error\":{\"code\":"
                + "\"TooManyRequests\",\"message\":\"slow down\"}}}]}";
    }

    @Test
    void aValidAnswerIsReadStepByStep() {
        List<StepResponse> r = parse(valid());
        assertEquals(200, r.get(0).status());
        assertEquals("r1", r.get(0).requestId());
        assertEquals(204, r.get(1).status());
        assertEquals("batch-rid", r.get(1).requestId());
        assertEquals(429, r.get(2).status());
        assertEquals(3, r.get(2).retryAfter().toSeconds());
    }

    @Test
    void eachMalformedShapeBecomesAFailedStepWithTheRequestId() {
        String[] wholeBatch = {"[]", "\"x\"", "{}", "{\"responses\":{}}", "{\"responses\":\"no\"}", "not json", ""};
        for (String body : wholeBatch) {
            List<StepResponse> r = parse(body);
            assertEquals(3, r.size(), body);
            for (StepResponse s : r) {
                assertEquals(0, s.status(), body);
                assertEquals(GraphFailure.MALFORMED, s.code(), body);
                assertEquals("batch-rid", s.requestId(), body);
                assertTrue(s.isTransient(), body);
            }
        }
        // per item: no id, unknown id, non-numeric or impossible status, a lookup body that is not an object, a
        // duplicate id, users with wrong types
        String[] firstItem = {
            "{\"status\":200,\"body\":{\"value\":[]}}",
            "{\"id\":\"99\",\"status\":200,\"body\":{\"value\":[]}}",
            "{\"id\":\"1\",\"status\":\"200\",\"body\":{\"value\":[]}}",
            "{\"id\":\"1\",\"status\":2.5,\"body\":{\"value\":[]}}",
            "{\"id\":\"1\",\"status\":99999999999,\"body\":{\"value\":[]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":[]}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":{}}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[7]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"mail\":\"a@x.test\"}]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"id\":\"u\",\"accountEnabled\":\"yes\"}]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"id\":\"u\",\"mail\":[\"a\"]}]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[{\"id\":\"u\",\"otherMails\":\"a\"}]}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[],\"@odata.nextLink\":{}}}",
            "{\"id\":\"1\",\"status\":200,\"body\":{\"value\":[],\"@odata.nextLink\":\"https://evil.test/v1.0/users\"}}",
        };
        for (String item : firstItem) {
            List<StepResponse> r = parse("{\"responses\":[" + item + ",{\"id\":\"2\",\"status\":204}]}");
            assertEquals(0, r.get(0).status(), item);
            assertTrue(r.get(0).isTransient(), item);
            assertEquals("batch-rid", r.get(0).requestId(), item);
            assertEquals(204, r.get(1).status(), item);
        }
        List<StepResponse> dup = parse("{\"responses\":[{\"id\":\"2\",\"status\":204},{\"id\":\"2\",\"status\":204}]}");
        assertEquals(GraphFailure.MALFORMED, dup.get(1).code());
    }

    @Test
    void seededFuzzOfMutatedAnswersNeverThrows() {
        long seed = Long.getLong("fuzz.seed", 20261130L);
        SplittableRandom random = new SplittableRandom(seed);
        JsonElement base = JsonParser.parseString(valid());
        for (int i = 0; i < 5_000; i++) {
            JsonElement mutated = mutate(base.deepCopy(), random, 3);
            String text = random.nextInt(20) == 0 ? truncate(mutated.toString(), random) : mutated.toString();
            List<StepResponse> r;
            try {
                r = Batch.parseBatch(random.nextInt(20) == 0 ? 500 : 200, random.nextBoolean() ? "x" : null,
                        "batch-rid", text, STEPS, IDS, BASE);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", case " + i + ": " + e + " for " + text, e);
            }
            assertEquals(3, r.size(), text);
        }
    }

    private static String truncate(String s, SplittableRandom random) {
        return s.substring(0, random.nextInt(s.length() + 1));
    }

    /** Replace, remove or retype a random node, recursively. */
    static JsonElement mutate(JsonElement e, SplittableRandom random, int depth) {
        if (depth > 0 && e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String key : new ArrayList<>(o.keySet())) {
                switch (random.nextInt(8)) {
                    case 0 -> o.remove(key);
                    case 1 -> o.add(key, junk(random));
                    default -> o.add(key, mutate(o.get(key), random, depth - 1));
                }
            }
            return o;
        }
        if (depth > 0 && e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            JsonArray out = new JsonArray();
            for (JsonElement x : a) {
                int roll = random.nextInt(8);
                if (roll == 0) {
                    continue;
                }
                out.add(roll == 1 ? junk(random) : mutate(x, random, depth - 1));
                if (roll == 2) {
                    out.add(x.deepCopy());
                }
            }
            return out;
        }
        return random.nextInt(4) == 0 ? junk(random) : e;
    }

    static JsonElement junk(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(random.nextInt(1000) - 500);
            case 2 -> new JsonPrimitive(random.nextDouble() * 1e12);
            case 3 -> new JsonPrimitive("é\u202e\n" + random.nextInt());
            case 4 -> new JsonPrimitive(random.nextBoolean());
            case 5 -> new JsonArray();
            case 6 -> new JsonObject();
            default -> new JsonPrimitive("");
        };
    }
}
