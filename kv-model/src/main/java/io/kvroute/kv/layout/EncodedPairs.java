package io.kvroute.kv.layout;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.List;

/**
 * The result of encoding a configuration into store pairs: the pairs in byte-wise key order and the problems
 * found (values that cannot be written, fields omitted for the target layout).
 */
public record EncodedPairs(List<KvPair> pairs, List<Problem> problems) {
    public EncodedPairs {
        pairs = List.copyOf(requireNonNull(pairs, "pairs"));
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }

    /** True when at least one problem is an error (something in the configuration was not written). */
    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
