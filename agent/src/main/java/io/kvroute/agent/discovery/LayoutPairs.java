package io.kvroute.agent.discovery;

import static java.util.Objects.requireNonNull;

import io.kvroute.kv.model.Problem;
import io.kvroute.kv.store.KvPair;
import java.util.List;

/** The pairs of a merged config in one layout, with the encoder's problems. */
record LayoutPairs(List<KvPair> pairs, List<Problem> problems) {
    LayoutPairs {
        pairs = List.copyOf(requireNonNull(pairs, "pairs"));
        problems = List.copyOf(requireNonNull(problems, "problems"));
    }
}
