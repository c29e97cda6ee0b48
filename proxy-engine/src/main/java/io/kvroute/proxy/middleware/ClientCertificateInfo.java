package io.kvroute.proxy.middleware;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The {@code info} of Traefik's {@code passTLSClientCert}: per certificate, the selected fields as
 * {@code Subject="..."}, {@code Issuer="..."}, {@code SerialNumber="..."}, {@code NB="..."}, {@code NA="..."},
 * {@code SAN="..."} in that order, joined by {@code ;} (a field with nothing to show is left out); certificates joined
 * by {@code ,}. A distinguished name lists {@code DC=} (every domain component, in the certificate's order), then
 * {@code C=}, {@code ST=}, {@code L=}, {@code O=}, {@code OU=} (subject only; every value), {@code SN=} and
 * {@code CN=} (the last value), each selected one followed by {@code ,} and the last {@code ,} dropped, as Go's
 * {@code pkix.Name} reads them. SANs are the DNS names, then e-mail addresses, IP addresses (Go's text form) and URIs.
 * NB and NA are Unix seconds.
 */
record ClientCertificateInfo(boolean notAfter, boolean notBefore, boolean sans, boolean serialNumber,
        Optional<NameFields> subject, Optional<NameFields> issuer) {
    /** The distinguished name fields selected; {@code organizationalUnit} exists for the subject only. */
    record NameFields(boolean country, boolean province, boolean locality, boolean organization,
            boolean organizationalUnit, boolean commonName, boolean serialNumber, boolean domainComponent) {
        static NameFields read(MiddlewareSettings settings, boolean hasOrganizationalUnit) {
            return new NameFields(flag(settings, "country"), flag(settings, "province"), flag(settings, "locality"),
                    flag(settings, "organization"), hasOrganizationalUnit && flag(settings, "organizationalUnit"),
                    flag(settings, "commonName"), flag(settings, "serialNumber"), flag(settings, "domainComponent"));
        }
    }

    /** Reads an {@code info} section. */
    static ClientCertificateInfo read(MiddlewareSettings info) {
        return new ClientCertificateInfo(flag(info, "notAfter"), flag(info, "notBefore"), flag(info, "sans"),
                flag(info, "serialNumber"), info.section("subject").map(section -> NameFields.read(section, true)),
                info.section("issuer").map(section -> NameFields.read(section, false)));
    }

    /** The header value before escaping. */
    String describe(List<X509Certificate> certificates) {
        List<String> described = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            List<String> values = new ArrayList<>();
            subject.map(fields -> name(fields, certificate.getSubjectX500Principal().getEncoded()))
                    .filter(text -> !text.isEmpty()).ifPresent(text -> values.add("Subject=\"" + text + "\""));
            issuer.map(fields -> name(fields, certificate.getIssuerX500Principal().getEncoded()))
                    .filter(text -> !text.isEmpty()).ifPresent(text -> values.add("Issuer=\"" + text + "\""));
            if (serialNumber) {
                values.add("SerialNumber=\"" + certificate.getSerialNumber() + "\"");
            }
            if (notBefore) {
                values.add("NB=\"" + Math.floorDiv(certificate.getNotBefore().getTime(), 1000) + "\"");
            }
            if (notAfter) {
                values.add("NA=\"" + Math.floorDiv(certificate.getNotAfter().getTime(), 1000) + "\"");
            }
            if (sans) {
                List<String> names = sans(certificate);
                if (!names.isEmpty()) {
                    values.add("SAN=\"" + String.join(",", names) + "\"");
                }
            }
            described.add(String.join(";", values));
        }
        return String.join(",", described);
    }

    private static String name(NameFields fields, byte[] encoded) {
        X500Name name = X500Name.getInstance(encoded);
        StringBuilder text = new StringBuilder();
        if (fields.domainComponent()) {
            values(name, BCStyle.DC).forEach(value -> text.append("DC=").append(value).append(','));
        }
        if (fields.country()) {
            values(name, BCStyle.C).forEach(value -> text.append("C=").append(value).append(','));
        }
        if (fields.province()) {
            values(name, BCStyle.ST).forEach(value -> text.append("ST=").append(value).append(','));
        }
        if (fields.locality()) {
            values(name, BCStyle.L).forEach(value -> text.append("L=").append(value).append(','));
        }
        if (fields.organization()) {
            values(name, BCStyle.O).forEach(value -> text.append("O=").append(value).append(','));
        }
        if (fields.organizationalUnit()) {
            values(name, BCStyle.OU).forEach(value -> text.append("OU=").append(value).append(','));
        }
        if (fields.serialNumber()) {
            last(values(name, BCStyle.SERIALNUMBER)).ifPresent(value -> text.append("SN=").append(value).append(','));
        }
        if (fields.commonName()) {
            last(values(name, BCStyle.CN)).ifPresent(value -> text.append("CN=").append(value).append(','));
        }
        return text.length() == 0 ? "" : text.substring(0, text.length() - 1);
    }

    /** The non-empty string values of {@code type}, in the name's order (Go skips values that are not strings). */
    private static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        ImmutableList.Builder<String> values = ImmutableList.builder();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                if (attribute.getType().equals(type) && attribute.getValue() instanceof ASN1String string
                        && !string.getString().isEmpty()) {
                    values.add(string.getString());
                }
            }
        }
        return values.build();
    }

    private static Optional<String> last(List<String> values) {
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
    }

    private static List<String> sans(X509Certificate certificate) {
        Collection<List<?>> alternatives;
        try {
            alternatives = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException unreadable) {
            return List.of();
        }
        if (alternatives == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (int type : new int[] {2, 1, 7, 6}) {
            for (List<?> alternative : alternatives) {
                if (((Integer) alternative.get(0)) == type && alternative.get(1) instanceof String value) {
                    names.add(type == 7 && InetAddresses.isInetAddress(value)
                            ? InetAddresses.toAddrString(InetAddresses.forString(value)) : value);
                }
            }
        }
        return names;
    }

    private static boolean flag(MiddlewareSettings settings, String name) {
        return settings.bool(name).orElse(false);
    }
}
