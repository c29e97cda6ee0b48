package io.kvroute.kv.layout.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kvroute.kv.layout.node.KvNode;

/**
 * A middleware's {@code plugin} map ({@code map[string]PluginConf}, {@code PluginConf} being {@code map[string]any})
 * as paerser fills it: every plugin named under {@code plugin/} gets a configuration object, {@code {}} when it has
 * no sub-keys; each of its keys becomes paerser's raw value ({@code nodeToRawMap}): a leaf its text, a node whose
 * first child is an index ({@code [N]}, an all-digit segment) a list of its children in order, any other node an
 * object. Scalar lists folded from {@code .../N} keys stay comma-joined text, as Traefik reads them. One quirk is
 * kept: a key whose object holds an entry of its own name is merged into the plugin's configuration
 * ({@code fillRawValue}).
 */
final class PluginConfs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 64;

    private PluginConfs() {
    }

    /** The plugins under {@code node} (the {@code plugin} node itself, known to have children). */
    static ObjectNode toJson(KvNode node, ProblemSink sink) {
        ObjectNode plugins = JSON.objectNode();
        for (KvNode plugin : node.children()) {
            ObjectNode conf = plugins.putObject(plugin.name());
            if (!plugin.valueOrEmpty().isEmpty()) {
                sink.warning(plugin.key(), plugin.valueOrEmpty(), "ignored by Traefik: plugin " + plugin.name()
                        + " is configured by its sub-keys, its own value is not read");
            }
            for (KvNode key : plugin.children()) {
                ObjectNode raw = JSON.objectNode();
                squash(key, raw, true, sink, 0);
                if (raw.has(key.name())) {
                    conf.setAll(raw);
                } else {
                    conf.set(key.name(), raw);
                }
            }
        }
        return plugins;
    }

    /** paerser's {@code squashNode}: puts {@code node}'s raw value into {@code into} (its entries, for the root). */
    private static void squash(KvNode node, ObjectNode into, boolean root, ProblemSink sink, int depth) {
        if (!node.hasChildren()) {
            into.set(node.name(), TextNode.valueOf(node.valueOrEmpty()));
            return;
        }
        if (depth > MAX_DEPTH) {
            sink.error(node.key(), node.valueOrEmpty(), "plugin configuration nested deeper than " + MAX_DEPTH
                    + " levels");
            return;
        }
        if (!node.valueOrEmpty().isEmpty()) {
            sink.warning(node.key(), node.valueOrEmpty(), "ignored by Traefik: " + node.name()
                    + " has sub-keys, its own value is not read");
        }
        if (isIndex(node.children().get(0).name())) {
            ArrayNode items = into.putArray(node.name());
            for (KvNode child : node.children()) {
                ObjectNode holder = JSON.objectNode();
                squash(child, holder, false, sink, depth + 1);
                items.add(holder.path(child.name()).isMissingNode() ? JSON.nullNode() : holder.get(child.name()));
            }
            return;
        }
        ObjectNode entries = root ? into : into.putObject(node.name());
        for (KvNode child : node.children()) {
            squash(child, entries, false, sink, depth + 1);
        }
    }

    /** paerser's {@code isArrayKey}: a name in brackets, as an all-digit segment's node is named. */
    private static boolean isIndex(String name) {
        return name.startsWith("[") && name.endsWith("]");
    }
}
