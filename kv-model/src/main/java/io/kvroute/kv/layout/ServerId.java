package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A server key's id: {@code <node>--<instance>}, lower-case {@code [a-z0-9-]}, starting with a letter, e.g.
 * {@code node1--web-1-8080}. The double dash separates the node from the instance so that ownership is
 * unambiguous even when one node name is a prefix of another ({@code a} and {@code a-b}); node names therefore
 * must not contain {@code --}. Never numeric, so it cannot be confused with a list index ({@code servers/0}).
 */
public record ServerId(String value) {
    private static final Pattern NODE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*--[a-z0-9][a-z0-9-]*");

    public ServerId {
        requireNonNull(value, "value");
        if (!ID.matcher(value).matches() || value.endsWith("-")) {
            throw new IllegalArgumentException("server id: '" + value
                    + "' (expected: <node>--<instance>, lower-case letters, digits and '-')");
        }
    }

    /** The id of {@code instance} (any text; folded to {@code [a-z0-9-]}) on {@code node}. */
    public static ServerId of(String node, String instance) {
        requireNodeName(node);
        String folded = instance.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (folded.isEmpty()) {
            throw new IllegalArgumentException("instance: '" + instance + "' (expected: some letters or digits)");
        }
        return new ServerId(node + "--" + folded);
    }

    /** True when this id was made by {@code node}. */
    public boolean isOwnedBy(String node) {
        return node().equals(node);
    }

    /** The node part of the id. */
    public String node() {
        return value.substring(0, value.indexOf("--"));
    }

    /**
     * Checks a node name ({@code --node-name}).
     *
     * @throws IllegalArgumentException naming the value and what is expected
     */
    public static String requireNodeName(String node) {
        requireNonNull(node, "node");
        if (!NODE.matcher(node).matches() || node.contains("--") || node.endsWith("-") || node.length() > 63) {
            throw new IllegalArgumentException("node name: '" + node + "' (expected: lower-case letters, digits and "
                    + "single '-', starting with a letter, at most 63 characters)");
        }
        return node;
    }

    @Override
    public String toString() {
        return value;
    }
}
