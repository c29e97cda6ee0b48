package io.kvroute.kv.config;

import io.kvroute.kv.layout.keys.DynamicKeys;
import io.kvroute.kv.layout.node.CaseFold;
import io.kvroute.kv.layout.node.KvNode;
import io.kvroute.kv.layout.node.KvNodeTree;
import io.kvroute.kv.model.EntityRef;
import io.kvroute.kv.model.Problem;
import io.kvroute.kv.model.TlsCertificate;
import io.kvroute.kv.model.TlsConfig;
import io.kvroute.kv.store.KvPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Gives decoded certificates their key segment as id ({@code tls/certificates/web/certFile} becomes certificate
 * {@code web}) instead of their position in Traefik's list, so problems name the keys as written and a removed
 * certificate renames no other. The list is built from the same key tree the decoder walks (distinct children of
 * {@code tls/certificates}, byte order, names differing in case merged), less the elements the decoder dropped.
 */
final class TlsCertificateIds {
    private TlsCertificateIds() {
    }

    /**
     * @param decodeProblems the problems of the decode; an error naming a certificate means the decoder left that
     *                       element out of the list
     */
    static TlsConfig apply(TlsConfig tls, List<KvPair> pairs, DynamicKeys keys, List<Problem> decodeProblems) {
        if (tls.certificates().isEmpty()) {
            return tls;
        }
        Set<String> dropped = decodeProblems.stream()
                .filter(p -> p.isError() && p.entity().filter(e -> e.kind() == EntityRef.Kind.TLS_CERTIFICATE)
                        .isPresent())
                .map(p -> p.entity().orElseThrow().name())
                .collect(Collectors.toSet());
        List<String> segments = segments(pairs, keys).stream().filter(s -> !dropped.contains(s)).toList();
        List<TlsCertificate> named = new ArrayList<>();
        for (TlsCertificate certificate : tls.certificates()) {
            int position = Integer.parseInt(certificate.id());
            named.add(position < segments.size() ? certificate.withId(segments.get(position)) : certificate);
        }
        return new TlsConfig(named, tls.options(), tls.stores());
    }

    /** The segments under {@code <root>/tls/certificates/} in Traefik's list order. */
    private static List<String> segments(List<KvPair> pairs, DynamicKeys keys) {
        String root = keys.root();
        String section = DynamicKeys.TLS + "/";
        List<KvPair> tlsPairs = pairs.stream()
                .filter(p -> p.key().startsWith(root + "/")
                        && CaseFold.startsWith(p.key().substring(root.length() + 1), section))
                .toList();
        return KvNodeTree.build(tlsPairs, root).root().child(DynamicKeys.TLS)
                .flatMap(tls -> tls.child(DynamicKeys.CERTIFICATES))
                .map(list -> list.children().stream().map(KvNode::segment).toList())
                .orElse(List.of());
    }
}
