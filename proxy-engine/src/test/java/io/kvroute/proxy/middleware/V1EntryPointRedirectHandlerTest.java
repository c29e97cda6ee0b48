package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.MiddlewareTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Traefik 1.7's {@code redirect/entryPoint} on the cases of Traefik 1.7's own {@code TestNewEntryPointHandler}
 * (entry points {@code :443} with TLS, {@code :80} and {@code :88} without), sent over a plain socket so that the
 * Host header is the one those tests use, plus what Traefik 1.7's {@code rawURL} makes of X-Forwarded-Proto.
 */
class V1EntryPointRedirectHandlerTest {
    private static final ChainScope ENTRY_POINTS = new ChainScope("", Map.of("https", new EntryPointTarget(443, true),
            "http", new EntryPointTarget(80, false), "other", new EntryPointTarget(88, false)), false);

    private static Middleware redirect(String entryPoint, boolean permanent) {
        return KvMiddleware.of("f-redirectentrypoint", MiddlewareTypes.V1_REDIRECT_ENTRY_POINT, "{\"entryPoint\": \""
                + entryPoint + "\", \"permanent\": " + permanent + ", \"key\": \"frontends/f/redirect/entrypoint\"}");
    }

    /** The response head and body to {@code method target} with {@code Host: host} and the extra header lines. */
    private static String send(Middleware middleware, String method, String host, String target, String... headers) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER,
                new MiddlewareEvents(), ServiceRequests.NONE, ENTRY_POINTS).handler());
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + String.join("", headers)
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0} permanent={1} {2} Host {3} -> {5} {6}")
    @CsvSource(delimiter = '|', textBlock = """
            https | false | GET  | foo:80    | /        | 302 | https://foo:443/
            http  | false | GET  | foo:443   | /        | 302 | http://foo:80/
            other | false | GET  | foo:80    | /        | 302 | http://foo:88/
            https | true  | GET  | foo:80    | /        | 301 | https://foo:443/
            http  | true  | GET  | foo:443   | /        | 301 | http://foo:80/
            http  | false | POST | foo:90    | /        | 307 | http://foo:80/
            http  | true  | POST | foo:90    | /        | 308 | http://foo:80/
            other | false | GET  | [::1]     | /        | 302 | http://[::1]:88/
            https | false | GET  | [::1]     | /        | 302 | https://[::1]:443/
            other | false | GET  | [::1]:80  | /        | 302 | http://[::1]:88/
            https | false | GET  | [::1]:80  | /        | 302 | https://[::1]:443/
            https | false | GET  | example.com:8000 | /a/b%20c?d=1&e | 302 | https://example.com:443/a/b%20c?d=1&e
            https | false | HEAD | example.com | /      | 307 | https://example.com:443/
            """)
    void redirectsAsTraefik17sEntryPointHandler(String entryPoint, boolean permanent, String method, String host,
            String target, int status, String location) {
        String response = send(redirect(entryPoint, permanent), method, host, target);

        assertThat(response).startsWith("HTTP/1.1 " + status + " ").contains("\r\nLocation: " + location + "\r\n");
    }

    @Test
    void answersWithTheStatusText() {
        assertThat(send(redirect("https", false), "GET", "foo", "/"))
                .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n").endsWith("\r\n\r\nFound");
    }

    @Test
    void aUrlAlreadyOnTheTargetGoesOnAndXForwardedProtoCountsOnlyWhenExactlyHttps() {
        Middleware toHttps = redirect("https", false);

        assertThat(send(toHttps, "GET", "foo:443", "/x", "X-Forwarded-Proto: https\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(send(toHttps, "GET", "foo:443", "/x", "X-Forwarded-Proto: HTTPS\r\n"))
                .startsWith("HTTP/1.1 302 ").contains("\r\nLocation: https://foo:443/x\r\n");
        assertThat(send(toHttps, "GET", "foo", "/x", "X-Forwarded-Proto: https\r\n"))
                .startsWith("HTTP/1.1 302 ").contains("\r\nLocation: https://foo:443/x\r\n");
    }

    @Test
    void aRedirectGoCannotParseIsAnswered502AsTraefik17sErrorHandlerAnswersAUrlError() {
        assertThat(send(redirect("https", true), "GET", "a!b", "/"))
                .as("the regex takes a as the host and !b/ as the rest: https://a:443!b/ has no valid port")
                .startsWith("HTTP/1.1 502 ").doesNotContain("Location");
    }

    @Test
    void bracesTraefik17WouldRunAsAGoTemplateAreRefusedBeforeTheRedirect() {
        assertThat(send(redirect("https", false), "GET", "foo", "/{{.Request.Method}}"))
                .startsWith("HTTP/1.1 400 ").doesNotContain("Location");
        assertThat(send(redirect("https", false), "GET", "a{{.Request.Method}}", "/"))
                .startsWith("HTTP/1.1 400 ").doesNotContain("Location");
    }

    @Test
    void anEntryPointTheProxyDoesNotHaveIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(redirect("websecure", false)), Echo.HANDLER,
                new MiddlewareEvents(), ServiceRequests.NONE, ENTRY_POINTS))
                .isInstanceOf(MiddlewareException.class)
                .hasMessage("middleware \"f-redirectentrypoint\" (v1RedirectEntryPoint): "
                        + "frontends/f/redirect/entrypoint \"websecure\": no such entry point, so Traefik 1.7 builds "
                        + "no frontend either (expected one of: http, https, other)");
    }

    @Test
    void aRouterWhoseRuleRewritesThePathIsRefused() {
        ChainScope rewriting = new ChainScope("", ENTRY_POINTS.entryPoints(), true);

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(redirect("https", false)), Echo.HANDLER,
                new MiddlewareEvents(), ServiceRequests.NONE, rewriting))
                .isInstanceOf(MiddlewareException.class)
                .hasMessageContaining("frontends/f/redirect/entrypoint \"https\" with a rule that rewrites the path")
                .extracting(e -> ((MiddlewareException) e).kind())
                .isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED);
    }
}
