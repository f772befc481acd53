package cc.equa.msgraph.it.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The leak check itself: it must see every logger at TRACE and flag a secret, a JWT and a bearer header. */
class LogCaptureSelfTest {

    @Test
    void everyLoggerIsAtTraceAndLeaksAreFound() throws Exception {
        LogCapture capture = new LogCapture();
        org.junit.jupiter.api.extension.ExtensionContext ctx = org.mockito.Mockito.mock(
                org.junit.jupiter.api.extension.ExtensionContext.class);
        org.junit.jupiter.api.extension.ExtensionContext.Store store = new FakeStore();
        org.mockito.Mockito.when(ctx.getStore(org.mockito.ArgumentMatchers.any())).thenReturn(store);
        capture.beforeAll(ctx);
        int from = LogCapture.lineCount();
        assertTrue(LoggerFactory.getLogger("com.azure.identity.ClientSecretCredential").isTraceEnabled());
        assertTrue(LoggerFactory.getLogger("com.microsoft.aad.msal4j.ConfidentialClientApplication")
                .isTraceEnabled());
        LogCapture.sensitive("self~test~secret");
        LoggerFactory.getLogger("x").trace("value {}", "self~test~secret");
        LoggerFactory.getLogger("y").debug("header Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123");
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").fine(
                "token eyJhbGciOiJub25lIn0.eyJyb2xlcyI6W119.sig");
        List<String> leaks = LogCapture.leaks(from);
        assertEquals(3, leaks.size(), String.join("\n", leaks));
        try {
            capture.afterAll(ctx);
            throw new IllegalStateException("afterAll must fail on leaks");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage().contains("leak"), expected.getMessage());
        }
    }

    /** A minimal extension store. */
    static final class FakeStore implements org.junit.jupiter.api.extension.ExtensionContext.Store {
        private final java.util.Map<Object, Object> map = new java.util.HashMap<>();

        @Override
        public Object get(Object key) {
            return map.get(key);
        }

        @Override
        public <V> V get(Object key, Class<V> requiredType) {
            return requiredType.cast(map.get(key));
        }

        @Override
        public <K, V> Object getOrComputeIfAbsent(K key, java.util.function.Function<K, V> defaultCreator) {
            return map.computeIfAbsent(key, k -> defaultCreator.apply(key));
        }

        @Override
        public <K, V> V getOrComputeIfAbsent(K key, java.util.function.Function<K, V> defaultCreator,
                Class<V> requiredType) {
            return requiredType.cast(map.computeIfAbsent(key, k -> defaultCreator.apply(key)));
        }

        @Override
        public void put(Object key, Object value) {
            map.put(key, value);
        }

        @Override
        public Object remove(Object key) {
            return map.remove(key);
        }

        @Override
        public <V> V remove(Object key, Class<V> requiredType) {
            return requiredType.cast(map.remove(key));
        }
    }
}
