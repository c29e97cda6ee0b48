package io.kvroute.proxy.http;

/**
 * The path a server gets, as Undertow's ProxyHandler builds it: the server URL's path (unless it is empty or
 * {@code /}) followed by the client's path and query; and back, the client's part of a path a server got.
 */
final class ForwardedPath {
    private ForwardedPath() {
    }

    /** {@code serverPath} (without a trailing {@code /}) then {@code pathAndQuery}. */
    static String join(String serverPath, String pathAndQuery) {
        if (serverPath == null || serverPath.isEmpty() || serverPath.equals("/")) {
            return pathAndQuery.isEmpty() ? "/" : pathAndQuery;
        }
        String prefix = serverPath.endsWith("/") ? serverPath.substring(0, serverPath.length() - 1) : serverPath;
        return prefix + pathAndQuery;
    }

    /** The client's path and query in {@code sent}, a path {@link #join} made with {@code serverPath}. */
    static String clientPart(String serverPath, String sent) {
        if (serverPath == null || serverPath.isEmpty() || serverPath.equals("/")) {
            return sent;
        }
        String prefix = serverPath.endsWith("/") ? serverPath.substring(0, serverPath.length() - 1) : serverPath;
        return sent.startsWith(prefix) ? sent.substring(prefix.length()) : sent;
    }
}
