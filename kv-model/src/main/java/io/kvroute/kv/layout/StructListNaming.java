package io.kvroute.kv.layout;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Names the children of a struct list when encoding, for example the {@code <id>} in
 * {@code loadBalancer/servers/<id>/url}. Traefik never reads these names (section 2.4 of the layout research), so
 * an agent may use its own stable server ids. The returned name must be non-empty and must not contain {@code /}.
 */
@FunctionalInterface
public interface StructListNaming {

    /**
     * @param listKey the full key of the list, e.g. {@code traefik/http/services/app/loadBalancer/servers}
     * @param index   the element's position in the JSON array
     * @param size    the number of elements in the JSON array
     * @param element the JSON element
     */
    String childName(String listKey, int index, int size, JsonNode element);

    /** Decimal indices, zero-padded to equal width so that byte order equals list order ({@code 00 .. 11}). */
    static StructListNaming decimalIndex() {
        return (listKey, index, size, element) -> paddedIndex(index, size);
    }

    /** {@code index} as decimal, zero-padded to the width of {@code size - 1}. */
    static String paddedIndex(int index, int size) {
        int width = String.valueOf(Math.max(size - 1, 0)).length();
        String digits = String.valueOf(index);
        return "0".repeat(Math.max(width - digits.length(), 0)) + digits;
    }
}
