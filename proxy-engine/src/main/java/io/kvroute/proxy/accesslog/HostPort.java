package io.kvroute.proxy.accesslog;

/**
 * A {@code host:port} split as Go's {@code net.SplitHostPort}, the way Traefik's access log splits addresses:
 * {@code [::1]:80} gives {@code ::1} and {@code 80}; a value without a port stays whole with port {@code -}.
 */
record HostPort(String host, String port) {
    static HostPort split(String value) {
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close > 0 && close + 1 < value.length() && value.charAt(close + 1) == ':'
                    && value.indexOf(':', close + 2) < 0) {
                return new HostPort(value.substring(1, close), value.substring(close + 2));
            }
            return new HostPort(value, "-");
        }
        int colon = value.indexOf(':');
        if (colon < 0 || colon != value.lastIndexOf(':')) {
            return new HostPort(value, "-");
        }
        return new HostPort(value.substring(0, colon), value.substring(colon + 1));
    }
}
