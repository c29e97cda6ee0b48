package io.kvroute.kv.layout.node;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of Traefik's untyped key tree (paerser {@code parser.Node}): a name (the first spelling seen, numeric
 * segments written {@code [N]}), an optional value and children in insertion order. Besides Traefik's data it
 * remembers the store keys it came from, so problems can name the original key.
 */
public final class KvNode {
    private final String name;
    private final String segment;
    private final String firstKey;
    private final List<KvNode> children = new ArrayList<>();
    /** The children by {@link CaseFold} of their name: a lookup per key segment, not a scan of the siblings. */
    private final Map<String, KvNode> childrenByFold = new HashMap<>();
    private String value;
    private String valueKey;

    KvNode(String name, String segment, String firstKey) {
        this.name = requireNonNull(name, "name");
        this.segment = requireNonNull(segment, "segment");
        this.firstKey = requireNonNull(firstKey, "firstKey");
    }

    public String name() {
        return name;
    }

    /**
     * The key segment as first spelled, without Traefik's {@code [N]} renaming: {@code 0} for node {@code [0]}. A
     * struct-list element is named by it ({@code tls/certificates/<segment>/certFile}).
     */
    public String segment() {
        return segment;
    }

    /** The value, or empty when no key ended at this node. */
    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** The value, or {@code ""} when no key ended at this node (Traefik does not distinguish the two). */
    public String valueOrEmpty() {
        return value == null ? "" : value;
    }

    public List<KvNode> children() {
        return Collections.unmodifiableList(children);
    }

    public boolean hasChildren() {
        return !children.isEmpty();
    }

    /** The store key that carried this node's value, else the first store key below this node. */
    public String key() {
        return valueKey != null ? valueKey : firstKey;
    }

    /** The first store key (in byte order) that created this node. */
    public String firstKey() {
        return firstKey;
    }

    /** The child whose name equals {@code childName} ignoring case, as Traefik's {@code containsNode} matches. */
    public Optional<KvNode> child(String childName) {
        return Optional.ofNullable(childrenByFold.get(CaseFold.of(childName)));
    }

    KvNode childOrCreate(String childName, String childSegment, String key) {
        return childrenByFold.computeIfAbsent(CaseFold.of(childName), fold -> {
            KvNode created = new KvNode(childName, childSegment, key);
            children.add(created);
            return created;
        });
    }

    /** Sets the value; returns the key whose value was replaced, if any. */
    Optional<String> assign(String newValue, String key) {
        Optional<String> replaced = Optional.ofNullable(valueKey);
        value = newValue;
        valueKey = key;
        return replaced;
    }

    /** The node as {@code {name, value?, children?}} JSON, the shape of Traefik's {@code kv_node_test.go}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        if (value != null) {
            json.put("value", value);
        }
        if (!children.isEmpty()) {
            var array = json.putArray("children");
            for (KvNode child : children) {
                array.add(child.toJson());
            }
        }
        return json;
    }
}
