package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kvroute.kv.model.Middleware;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Traefik's redirectRegex on its documentation's example and the cases of its own tests, sent over a plain socket
 * so that the Host header is the one Traefik's tests use.
 */
class RedirectRegexHandlerTest {
    private static Middleware redirect(String regex, String replacement, boolean permanent) {
        return KvMiddleware.of("redirect", "redirectRegex", "{\"regex\": \"" + regex.replace("\\", "\\\\")
                + "\", \"replacement\": \"" + replacement + "\", \"permanent\": " + permanent + "}");
    }

    /** The response head and body to {@code method target} with {@code Host: host} and the extra header lines. */
    private static String send(Middleware middleware, String method, String host, String target, String... headers) {
        try (TestServer server = TestServer.start(MiddlewareChain.build(List.of(middleware), Echo.HANDLER).handler());
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

    @ParameterizedTest(name = "{0} -> {1}, {2} {3}{4} -> {5} {6}")
    @CsvSource(delimiter = '|', textBlock = """
            ^http://localhost/(.*)                  | http://mydomain/${1}        | false | GET  | localhost       | /a/b%20c?d=1 | 302 | http://mydomain/a/b%20c?d=1
            ^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$ | https://${1}bar$2:443$4     | false | GET  | foo.com:80      | /            | 302 | https://foobar.com:443/
            ^http://                                | https://$1                  | true  | GET  | foo             | /            | 301 | https://foo/
            ^http://                                | https://$1                  | true  | POST | foo             | /            | 308 | https://foo/
            ^http://                                | https://$1                  | false | POST | foo             | /            | 307 | https://foo/
            http://foo:80                           | http://foo:88               | false | GET  | foo:80          | /            | 302 | http://foo:88/
            (https?)://[^/:]+(:[0-9]+)?/(.*)        | $1://example.com$2/$3       | true  | GET  | www.example.com | /path        | 301 | http://example.com/path
            (https?)://[^/:]+(:[0-9]+)?/(.*)        | $1://example.com$2/$3       | true  | GET  | www.example.com:8080 | /path   | 301 | http://example.com:8080/path
            ^http://(.*)/(.*)$                      | http://$1/$2x               | false | GET  | a               | /b           | 302 | http://a/
            ^http://(.*)/(.*)$                      | http://$1/${2}x             | false | GET  | a               | /b           | 302 | http://a/bx
            ^http://a/(?P<rest>.*)$                 | http://b/${rest}            | false | GET  | a               | /c           | 302 | http://b/c
            ^(.*)/x$                                | $1/y z                      | false | GET  | a               | /x           | 302 | http://a/y%20z
            """)
    void redirectsWhatTheRegexRewrites(String regex, String replacement, boolean permanent, String method,
            String host, String target, int status, String location) {
        String response = send(redirect(regex, replacement, permanent), method, host, target);

        assertThat(response).startsWith("HTTP/1.1 " + status + " ").contains("\r\nLocation: " + location + "\r\n");
    }

    @Test
    void answersWithTheStatusText() {
        assertThat(send(redirect("^http://", "https://", false), "GET", "foo", "/"))
                .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n").endsWith("\r\n\r\nFound");
    }

    @Test
    void matchesTheUrlWithTheConnectionsSchemeNotTheForwardedOne() {
        Middleware toHttps = redirect("http://foo:80", "https://foo:443", false);

        assertThat(send(toHttps, "GET", "foo:80", "/", "X-Forwarded-Proto: https\r\n"))
                .startsWith("HTTP/1.1 302 ").contains("\r\nLocation: https://foo:443/\r\n");
    }

    @ParameterizedTest(name = "{0} -> {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ^(?:http?:\\/\\/)(foo)(\\.com)(:\\d+)(.*)$ | https://${1}bar$2:443$4 | bar.com:80
            ^(.*)$                                  | $1                      | foo.com
            ^http://foo/(.*)                        | http://foo/${1}         | foo
            """)
    void passesARequestWhoseUrlDoesNotMatchOrStaysTheSame(String regex, String replacement, String host) {
        String response = send(redirect(regex, replacement, false), "GET", host, "/x?y=1");

        assertThat(response).startsWith("HTTP/1.1 200 ").contains("uri /x\n").contains("query y=1\n");
    }

    @Test
    void answersBadGatewayWhenTheRewrittenUrlIsNotAUrl() {
        String response = send(redirect("^(.*)$", "http://192.168.0.%31/", false), "GET", "foo.com:80", "/");

        assertThat(response).startsWith("HTTP/1.1 502 ").doesNotContain("Location").endsWith("Bad Gateway");
    }

    @Test
    void refusesARegexThatDoesNotCompile() {
        assertThatThrownBy(() -> MiddlewareChain.build(List.of(redirect("^(.*", "$1", false)), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.INVALID_SETTING))
                .hasMessageStartingWith("middleware \"redirect\" (redirectRegex): regex \"^(.*\" (expected: a Go "
                        + "regular expression; \"^(.*\" does not compile: ");
    }

    @Test
    void refusesASettingItDoesNotApply() {
        Middleware withStatus = KvMiddleware.of("redirect", "redirectRegex",
                "{\"regex\": \"^http://\", \"replacement\": \"https://\", \"statusCode\": 303}");

        assertThatThrownBy(() -> MiddlewareChain.build(List.of(withStatus), Echo.HANDLER))
                .isInstanceOfSatisfying(MiddlewareException.class, e ->
                        assertThat(e.kind()).isEqualTo(MiddlewareException.Kind.SETTING_NOT_APPLIED))
                .hasMessageContaining("statusCode");
    }
}
