package io.kvroute.cli;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Traefik's entry point flags, whose names carry the entry point: {@code --entrypoints.web.address=:80},
 * {@code --entrypoints.internal.address=127.0.0.1:8081}. {@code :80} listens on every interface.
 */
final class EntryPointFlags {
    private static final Pattern FLAG = Pattern.compile("--entrypoints\\.([A-Za-z0-9_-]+)\\.address(?:=(.*))?");

    private EntryPointFlags() {
    }

    /**
     * The entry points in {@code args} (flags picocli did not know), or {@code web} on {@code :80} when none.
     *
     * @throws IllegalArgumentException naming the first argument that is not an entry point flag or a bad address
     */
    static Map<String, InetSocketAddress> parse(List<String> args) {
        Map<String, InetSocketAddress> entryPoints = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            Matcher flag = FLAG.matcher(args.get(i));
            if (!flag.matches()) {
                throw new IllegalArgumentException("unknown option '" + args.get(i) + "' (expected one of the flags in "
                        + "--help, or --entrypoints.NAME.address=[HOST]:PORT)");
            }
            String value = flag.group(2);
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(args.get(i) + ": missing value (expected [HOST]:PORT)");
                }
                value = args.get(++i);
            }
            entryPoints.put(flag.group(1), SocketAddressFlag.parse("--entrypoints." + flag.group(1) + ".address", value));
        }
        if (entryPoints.isEmpty()) {
            entryPoints.put("web", new InetSocketAddress(80));
        }
        return entryPoints;
    }
}
