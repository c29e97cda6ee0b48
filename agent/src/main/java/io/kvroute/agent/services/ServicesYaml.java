package io.kvroute.agent.services;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The services file's YAML shape, bound strictly by Jackson: unknown fields, duplicate keys and values of the
 * wrong type are {@link ServicesFileException.Kind#SYNTAX} errors naming the field and line. Values are checked
 * afterwards by {@link ServicesFile}.
 */
final class ServicesYaml {
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ServicesYaml() {
    }

    /** The whole file: {@code services: [...]}. */
    record Document(@JsonProperty("services") List<Service> services) {
    }

    /** One {@code services} entry. */
    record Service(
            @JsonProperty("name") String name,
            @JsonProperty("rule") String rule,
            @JsonProperty("entryPoints") List<String> entryPoints,
            @JsonProperty("priority") Long priority,
            @JsonProperty("passHostHeader") Boolean passHostHeader,
            @JsonProperty("servers") List<Server> servers,
            @JsonProperty("healthCheck") HealthCheck healthCheck) {
    }

    /** One {@code servers} entry. */
    record Server(@JsonProperty("url") String url, @JsonProperty("weight") Long weight) {
    }

    /** A {@code healthCheck}. */
    record HealthCheck(
            @JsonProperty("path") String path,
            @JsonProperty("interval") String interval,
            @JsonProperty("timeout") String timeout,
            @JsonProperty("scheme") String scheme,
            @JsonProperty("hostname") String hostname,
            @JsonProperty("port") Integer port,
            @JsonProperty("headers") Map<String, String> headers) {
    }

    /** Binds {@code text}; an empty document is a file without services. */
    static Document bind(String text, String file) throws ServicesFileException {
        try {
            Document document = MAPPER.readValue(text.isBlank() ? "{}" : text, Document.class);
            return document == null ? new Document(List.of()) : document;
        } catch (UnrecognizedPropertyException e) {
            throw new ServicesFileException(ServicesFileException.Kind.SYNTAX, file, line(e, text),
                    path(e) + ": unknown field \"" + e.getPropertyName() + "\" (expected one of: "
                            + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                            .collect(Collectors.joining(", ")) + ")");
        } catch (MismatchedInputException e) {
            String expected = e.getTargetType() == null ? "another value" : describe(e.getTargetType());
            throw new ServicesFileException(ServicesFileException.Kind.SYNTAX, file, line(e, text),
                    (e.getPath().isEmpty() ? "document" : path(e)) + ": wrong type (expected: " + expected + ")");
        } catch (JsonProcessingException e) {
            throw new ServicesFileException(ServicesFileException.Kind.SYNTAX, file,
                    e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
    }

    /** The line of the offending field (Jackson's location is where the parser stopped, often a line later). */
    private static int line(JsonMappingException e, String text) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(path.length() == 0 ? "" : "/")
                    .append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        int line = YamlLines.of(text).line(path.toString());
        return line > 0 ? line : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    /** {@code services[0].servers[1].weight}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }
}
