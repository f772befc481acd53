package cc.equa.msgraph.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Checks a successful answer of the token endpoint before MSAL reads it: a JSON object of plain values with a
 * non-empty string {@code access_token}, as the identity platform documents a client-credentials response
 * (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow#successful-response).
 * Anything else (a captive portal's page, a proxy's JSON, an array where a value belongs) is turned into a 502 with an
 * OAuth error body, so it is reported as a failed sign-in instead of reaching MSAL's parser, which was seen to spin
 * forever on an array member and so hang the caller (issue #13 attack: {@code {"value":[],"@odata.nextLink":5}}).
 */
final class TokenResponseCheck implements Interceptor {

    /** A real token response is a few kilobytes; more than this is not one. */
    private static final long MAX_BODY = 256 * 1024;

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        String path = chain.request().url().encodedPath();
        if (response.code() != 200 || !(path.endsWith("/oauth2/v2.0/token") || path.endsWith("/oauth2/token"))) {
            return response;
        }
        String body = response.peekBody(MAX_BODY + 1).string();
        if (body.length() <= MAX_BODY && isTokenResponse(body)) {
            return response;
        }
        response.close();
        String error = "{\"error\":\"invalid_response\",\"error_description\":\"The token endpoint answered HTTP 200"
                + " with a body that is not a token response (a proxy or captive portal in between?).\"}";
        return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1).code(502)
                .message("Bad Gateway").body(ResponseBody.create(error, MediaType.get("application/json")))
                .build();
    }

    static boolean isTokenResponse(String body) {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(body);
        } catch (RuntimeException e) {
            return false;
        }
        if (!parsed.isJsonObject()) {
            return false;
        }
        JsonObject o = parsed.getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (!e.getValue().isJsonPrimitive() && !e.getValue().isJsonNull()) {
                return false;
            }
        }
        JsonElement token = o.get("access_token");
        return token != null && token.isJsonPrimitive() && token.getAsJsonPrimitive().isString()
                && !token.getAsString().isEmpty();
    }
}
