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

/**
 * Builds Traefik's untyped key tree from store pairs, steps 2 to 6 of the v2/v3 decoding algorithm
 * ({@code pkg/config/kv/kv_node.go}): byte-wise sort; scalar-list folding of keys ending in {@code /<digits>} into
 * a comma-joined value of the parent key (which replaces the parent's own value); empty segments dropped; all-digit
 * segments renamed {@code [N]}; children merged case-insensitively with the first spelling winning.
 */
public final class KvNodeTree {

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
                String name = isDigits(segment, 0) ? "[" + segment + "]" : segment;
                node = node.childOrCreate(name, segment, pair.key());
            }
            Optional<String> replaced = node.assign(pair.value(), pair.key());
            replaced.ifPresent(key -> shadowed.add(new Shadowed(key, pair.key())));
        }
        return new Result(rootNode, shadowed);
    }

    /**
     * The names of the nodes from the root down to the one {@code key} sets, as {@link #build} walks them: a
     * scalar-list item's key stands for its list (its parent key), empty segments are dropped, all-digit ones become
     * {@code [N]}. Empty for a key not under {@code root}.
     */
    public static List<String> path(String key, String root) {
        String rootSlash = root + "/";
        String folded = listOf(key).orElse(key);
        return folded.startsWith(rootSlash) ? names(folded, rootSlash) : List.of();
    }

    /** The list key a scalar-list item ({@code .../middlewares/0}) folds into. */
    private static Optional<String> listOf(String key) {
        // (.+)/[0-9]+ with no line feed before the last '/': the key up to its last '/', when digits follow it.
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || !isDigits(key, slash + 1) || key.lastIndexOf('\n', slash) >= 0) {
            return Optional.empty();
        }
        return Optional.of(key.substring(0, slash));
    }

    private static List<String> names(String key, String rootSlash) {
        List<String> names = new ArrayList<>();
        for (String segment : key.substring(rootSlash.length()).split("/")) {
            if (!segment.isEmpty()) {
                names.add(isDigits(segment, 0) ? "[" + segment + "]" : segment);
            }
        }
        return names;
    }

    /** Whether {@code text} from {@code from} on is one or more ASCII digits (a list index), without a matcher. */
    private static boolean isDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return from < text.length();
    }

    /** Sorts byte-wise and folds scalar-list items into their parent key; the result is sorted byte-wise. */
    public static List<KvPair> fold(List<KvPair> pairs) {
        List<KvPair> sorted = new ArrayList<>(pairs);
        sorted.sort(null);
        Map<String, KvPair> simple = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (KvPair pair : sorted) {
            Optional<String> list = listOf(pair.key());
            if (list.isPresent()) {
                lists.computeIfAbsent(list.get(), k -> new ArrayList<>()).add(pair.value());
            } else {
                simple.put(pair.key(), pair);
            }
        }
        TreeMap<String, KvPair> folded = new TreeMap<>(KeyOrder.BYTEWISE);
        lists.forEach((key, values) -> folded.put(key, KvPair.of(key, String.join(",", values))));
        return merged(List.copyOf(simple.values()), List.copyOf(folded.values()));
    }

    /** Two lists sorted byte-wise merged into one; on the same key the folded list replaces the key's own value. */
    private static List<KvPair> merged(List<KvPair> simple, List<KvPair> folded) {
        if (folded.isEmpty()) {
            return simple;
        }
        List<KvPair> result = new ArrayList<>(simple.size() + folded.size());
        int s = 0;
        int f = 0;
        while (s < simple.size() || f < folded.size()) {
            int order = s == simple.size() ? 1 : f == folded.size() ? -1 : simple.get(s).compareTo(folded.get(f));
            if (order < 0) {
                result.add(simple.get(s++));
            } else {
                s += order == 0 ? 1 : 0;
                result.add(folded.get(f++));
            }
        }
        return List.copyOf(result);
    }
}
