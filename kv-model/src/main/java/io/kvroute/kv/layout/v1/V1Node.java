package io.kvroute.kv.layout.v1;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Traefik 1.7's view of the store below one key: exact, case-sensitive segments split on {@code /}; a node has a
 * value when a key ends there. Children are in byte order of their keys.
 */
public final class V1Node {
    private final String name;
    private final String key;
    private final Map<String, V1Node> children = new LinkedHashMap<>();
    private String value;

    private V1Node(String name, String key) {
        this.name = name;
        this.key = key;
    }

    /** The tree of every pair below {@code base + "/"}; {@code base} itself becomes the root. */
    public static V1Node below(String base, List<KvPair> pairs) {
        requireNonNull(base, "base");
        List<KvPair> sorted = new ArrayList<>(pairs);
        sorted.sort(null);
        V1Node root = new V1Node("", base);
        String start = base + "/";
        for (KvPair pair : sorted) {
            if (!pair.key().startsWith(start)) {
                continue;
            }
            V1Node node = root;
            StringBuilder path = new StringBuilder(base);
            for (String segment : pair.key().substring(start.length()).split("/", -1)) {
                path.append('/').append(segment);
                String childKey = path.toString();
                node = node.children.computeIfAbsent(segment, s -> new V1Node(s, childKey));
            }
            node.value = pair.value();
        }
        return root;
    }

    public String name() {
        return name;
    }

    /** The full store key of this node. */
    public String key() {
        return key;
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** Traefik's {@code get(default, key)}: the value, or "" when no key ends here. */
    public String valueOrEmpty() {
        return value == null ? "" : value;
    }

    public Optional<V1Node> child(String segment) {
        return Optional.ofNullable(children.get(segment));
    }

    public Collection<V1Node> children() {
        return children.values();
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }
}
