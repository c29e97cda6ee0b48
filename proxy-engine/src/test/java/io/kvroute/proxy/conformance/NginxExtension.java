package io.kvroute.proxy.conformance;

import io.kvroute.proxy.testing.NginxProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nginx as the reference proxy: {@link #start(int)} runs an {@link NginxProcess} serving
 * {@link ConformanceRoutes} in front of an origin port; after the last test it is stopped. Use as
 * {@code @RegisterExtension static NginxExtension nginx = new NginxExtension();}. The binary is looked up before the
 * first test (missing: fails when {@code CI=true}, aborts otherwise).
 */
final class NginxExtension implements BeforeAllCallback, AfterAllCallback {
    private String testName;
    private NginxProcess nginx;

    @Override
    public void beforeAll(ExtensionContext context) {
        testName = context.getDisplayName();
        NginxProcess.binary(testName);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    /** Starts nginx proxying to 127.0.0.1:{@code originPort}; returns the port it listens on once it accepts. */
    int start(int originPort) throws IOException {
        nginx = NginxProcess.start(testName, "nginx-", (directory, port) -> configuration(directory, port,
                originPort));
        return nginx.port();
    }

    /**
     * The reference configuration: what a careful nginx edge looks like. The client's X-Forwarded-For and X-Real-IP
     * are replaced (not trusted), WebSocket upgrades pass as nginx's documentation shows, and hosts other than
     * {@link ConformanceRoutes#HOST} get 404 from the default server.
     */
    private static List<String> configuration(Path directory, int port, int originPort) {
        try {
            Files.writeString(directory.resolve("htpasswd"), ConformanceRoutes.HTPASSWD_LINE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String origin = "http://127.0.0.1:" + originPort;
        String listen = "127.0.0.1:" + port;
        String dir = directory.toString();
        return List.of(
                "access_log " + dir + "/access.log;",
                "map $http_upgrade $connection_upgrade { default upgrade; '' close; }",
                "proxy_http_version 1.1;",
                "proxy_set_header Host $host;",
                "proxy_set_header X-Forwarded-For $remote_addr;",
                "proxy_set_header X-Real-IP $remote_addr;",
                "proxy_set_header Upgrade $http_upgrade;",
                "proxy_set_header Connection $connection_upgrade;",
                "proxy_connect_timeout 2s;",
                "proxy_read_timeout 10s;",
                "proxy_send_timeout 10s;",
                "server {",
                "  listen " + listen + " default_server;",
                "  server_name _;",
                "  return 404;",
                "}",
                "server {",
                "  listen " + listen + ";",
                "  server_name " + ConformanceRoutes.HOST + ";",
                "  location / { proxy_pass " + origin + "; }",
                "  location /api { proxy_pass " + origin + "; }",
                "  location /admin {",
                "    auth_basic \"traefik\";",
                "    auth_basic_user_file " + dir + "/htpasswd;",
                "    proxy_pass " + origin + ";",
                "  }",
                "}");
    }
}
