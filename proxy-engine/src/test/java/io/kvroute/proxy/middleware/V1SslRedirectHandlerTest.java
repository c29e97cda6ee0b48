package io.kvroute.proxy.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.kvroute.kv.model.Middleware;
import io.kvroute.kv.model.MiddlewareTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Traefik 1.7's {@code headers/sslRedirect}, {@code sslHost} and {@code sslForceHost} on unrolled/secure 1.0.5's own
 * test cases (TestBasicSSL, TestBadProxySSL, TestCustomProxySSL, TestCustomProxyAndHostProxyHeadersWithRedirect,
 * TestBasicSSLWithHost, TestSSLForceHost*, ...) and Go's {@code http.Redirect} answer, sent over a plain socket. The
 * Location rewrite of the backend's response (TestModifyResponseHeaders*) needs a proxied answer: V1SslRedirectIT.
 */
class V1SslRedirectHandlerTest {
    private static Middleware sslRedirect(String settings) {
        return KvMiddleware.of("f-sslredirect", MiddlewareTypes.V1_SSL_REDIRECT, settings);
    }

    /** {@code sslRedirect} with the other settings {@code more} (JSON members). */
    private static Middleware redirecting(String more) {
        return sslRedirect("{\"sslRedirect\": true" + (more.isEmpty() ? "" : ", " + more) + "}");
    }

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

    @Test
    void basicSslRedirectsPermanentlyWithGosRedirectBody() {
        assertThat(send(redirecting(""), "GET", "www.example.com", "/foo"))
                .startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: https://www.example.com/foo\r\n")
                .contains("\r\nContent-Type: text/html; charset=utf-8\r\n")
                .endsWith("\r\n\r\n<a href=\"https://www.example.com/foo\">Moved Permanently</a>.\n\n");
    }

    @Test
    void temporaryIs307WhateverTheMethodAndKeepsThePortPathAndQuery() {
        assertThat(send(redirecting("\"temporary\": true"), "GET", "www.example.com:8000", "/a%20b?c=d&e"))
                .startsWith("HTTP/1.1 307 ").contains("\r\nLocation: https://www.example.com:8000/a%20b?c=d&e\r\n")
                .endsWith("<a href=\"https://www.example.com:8000/a%20b?c=d&amp;e\">Temporary Redirect</a>.\n\n");
        assertThat(send(redirecting(""), "POST", "www.example.com", "/form"))
                .startsWith("HTTP/1.1 301 ").contains("\r\nLocation: https://www.example.com/form\r\n")
                .doesNotContain("Content-Type").endsWith("\r\n\r\n");
    }

    @Test
    void xForwardedProtoCountsOnlyWhenNamedInSslProxyHeaders() {
        assertThat(send(redirecting(""), "GET", "www.example.com", "/foo", "X-Forwarded-Proto: https\r\n"))
                .as("TestBadProxySSL").startsWith("HTTP/1.1 301 ");
        assertThat(send(redirecting("\"sslProxyHeaders\": {\"X-Forwarded-Proto\": \"https\"}"), "GET",
                "www.example.com", "/foo", "X-Forwarded-Proto: https\r\n"))
                .as("TestCustomProxySSL").startsWith("HTTP/1.1 200 ");
        assertThat(send(redirecting("\"sslProxyHeaders\": {\"X-Forwarded-Proto\": \"https\"}"), "GET",
                "www.example.com", "/foo", "X-Forwarded-Proto: HTTPS\r\n"))
                .as("the value is compared exactly").startsWith("HTTP/1.1 301 ");
        assertThat(send(redirecting("\"sslProxyHeaders\": {\"X-Absent\": \"\"}"), "GET", "www.example.com",
                "/foo")).as("an absent header reads as empty, as Go's Header.Get").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void theHostComesFromTheFirstNonEmptyHostsProxyHeader() {
        String response = send(redirecting("\"hostsProxyHeaders\": [\"X-Forwarded-Host\"], \"sslProxyHeaders\": "
                + "{\"X-Forwarded-Proto\": \"http\"}"), "GET", "example-internal", "/foo",
                "X-Forwarded-Proto: https\r\n", "X-Forwarded-Host: www.example.com\r\n");

        assertThat(response).as("TestCustomProxyAndHostProxyHeadersWithRedirect").startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: https://www.example.com/foo\r\n");
        assertThat(send(redirecting("\"hostsProxyHeaders\": [\"X-Forwarded-Host\"]"), "GET", "a.test", "/",
                "X-Forwarded-Host: b.test/x y\r\n"))
                .as("escaped as Go writes a host").contains("\r\nLocation: https://b.test%2Fx%20y/\r\n");
    }

    @Test
    void aHostOutsideAllowedHostsGoesOnToTheHeadersMiddleware() {
        Middleware allowing = redirecting("\"allowedHosts\": [\"www.example.com\"]");

        assertThat(send(allowing, "GET", "evil.test", "/")).startsWith("HTTP/1.1 200 ");
        assertThat(send(allowing, "GET", "WWW.example.com", "/")).startsWith("HTTP/1.1 301 ");
    }

    @Test
    void sslHostIsWhereTheRedirectGoes() {
        assertThat(send(redirecting("\"sslHost\": \"secure.example.com\""), "GET",
                "www.example.com", "/foo?a=b"))
                .as("TestBasicSSLWithHost").startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: https://secure.example.com/foo?a=b\r\n");
        assertThat(send(sslRedirect("{\"sslHost\": \"secure.example.com\"}"), "GET", "www.example.com", "/foo"))
                .as("sslHost alone redirects nothing").startsWith("HTTP/1.1 200 ");
    }

    @Test
    void sslForceHostRedirectsEveryRequestForAnotherHostEvenHttpsOnes() {
        String force = "\"sslHost\": \"secure.example.com\", \"sslForceHost\": true, \"sslProxyHeaders\": "
                + "{\"X-Forwarded-Proto\": \"https\"}";
        assertThat(send(sslRedirect("{" + force + "}"), "GET", "www.example.com", "/foo",
                "X-Forwarded-Proto: https\r\n"))
                .as("TestSSLForceHostWithHTTPS").startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: https://secure.example.com/foo\r\n");
        assertThat(send(sslRedirect("{\"sslHost\": \"secure.example.com\", \"sslForceHost\": true}"), "GET",
                "www.example.com", "/foo", "X-Forwarded-Proto: http\r\n"))
                .as("TestSSLForceHostWithHTTP").startsWith("HTTP/1.1 301 ");
        assertThat(send(redirecting(force), "GET", "www.example.com", "/foo",
                "X-Forwarded-Proto: https\r\n"))
                .as("TestSSLForceHostWithSSLRedirect").startsWith("HTTP/1.1 301 ");
        assertThat(send(sslRedirect("{\"temporary\": true, " + force + "}"), "GET", "www.example.com", "/foo",
                "X-Forwarded-Proto: https\r\n"))
                .as("TestSSLForceHostTemporaryRedirect").startsWith("HTTP/1.1 307 ");
        assertThat(send(sslRedirect("{" + force + "}"), "GET", "secure.example.com", "/foo",
                "X-Forwarded-Proto: https\r\n"))
                .as("the forced host itself").startsWith("HTTP/1.1 200 ");
        assertThat(send(sslRedirect("{" + force + "}"), "GET", "secure.example.com:443", "/foo",
                "X-Forwarded-Proto: https\r\n"))
                .as("compared exactly, port included").startsWith("HTTP/1.1 301 ");
    }
}
