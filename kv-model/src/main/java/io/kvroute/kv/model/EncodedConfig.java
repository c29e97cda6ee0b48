package io.kvroute.kv.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The result of writing the model as JSON for a layout that cannot express everything (v1): the JSON and the
 * problems of what was left out. The JSON is the caller's to keep (a fresh copy).
 */
public record EncodedConfig(ObjectNode json, List<Problem> problems) {
    public EncodedConfig {
        requireNonNull(json, "json");
        problems = ImmutableList.copyOf(requireNonNull(problems, "problems"));
    }
}
