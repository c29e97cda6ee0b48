package io.kvroute.kv.layout.node;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.store.KeyOrder;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds Traefik's untyped key tree from store pairs, steps 2 to 6 of the v2/v3 decoding algorithm
 * ({@code pkg/config/kv/kv_node.go}): byte-wise sort; scalar-list folding of keys ending in {@code /<digits>} into
 * a comma-joined value of the parent key (which replaces the parent's own value); empty segments dropped; all-digit
 * segments renamed {@code [N]}; children merged case-insensitively with the first spelling winning.
 */
public final class KvNodeTree {
    private static final Pattern LIST_ITEM = Pattern.compile("(.+)/[0-9]+", Pattern.UNIX_LINES);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** The tree, plus the keys whose values were overwritten by a case-variant key reaching the same node. */
    public record Result(KvNode root, List<Shadowed> shadowed) {
        public Result {
            requireNonNull(root, "root");
            shadowed = List.copyOf(shadowed);
        }
    }

    /** A key whose value lost against {@code winnerKey} because both reach one node. */
    public record Shadowed(String key, String winnerKey) {
    }

    private KvNodeTree() {
    }

    /**
     * Builds the tree of {@code pairs}; every key must start with {@code root + "/"} (others are skipped).
     */
    public static Result build(List<KvPair> pairs, String root) {
        requireNonNull(pairs, "pairs");
        requireNonNull(root, "root");
        String rootSlash = root + "/";
        KvNode rootNode = new KvNode(root, root, pairs.isEmpty() ? root : pairs.get(0).key());
        List<Shadowed> shadowed = new ArrayList<>();
        for (KvPair pair : fold(pairs)) {
            if (!pair.key().startsWith(rootSlash)) {
                continue;
            }
            KvNode node = rootNode;
            for (String segment : pair.key().substring(rootSlash.length()).split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                String name = DIGITS.matcher(segment).matches() ? "[" + segment + "]" : segment;
                node = node.childOrCreate(name, segment, pair.key());
            }
            Optional<String> replaced = node.assign(pair.value(), pair.key());
            replaced.ifPresent(key -> shadowed.add(new Shadowed(key, pair.key())));
        }
        return new Result(rootNode, shadowed);
    }

    /** Sorts byte-wise and folds scalar-list items into their parent key; the result is sorted byte-wise. */
    public static List<KvPair> fold(List<KvPair> pairs) {
        List<KvPair> sorted = new ArrayList<>(pairs);
        sorted.sort(null);
        Map<String, KvPair> simple = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (KvPair pair : sorted) {
            Matcher item = LIST_ITEM.matcher(pair.key());
            if (item.matches()) {
                lists.computeIfAbsent(item.group(1), k -> new ArrayList<>()).add(pair.value());
            } else {
                simple.put(pair.key(), pair);
            }
        }
        Map<String, KvPair> result = new TreeMap<>(KeyOrder.BYTEWISE);
        result.putAll(simple);
        lists.forEach((key, values) -> result.put(key, KvPair.of(key, String.join(",", values))));
        return List.copyOf(result.values());
    }
}
