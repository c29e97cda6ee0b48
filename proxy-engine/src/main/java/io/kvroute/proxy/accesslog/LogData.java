package io.kvroute.proxy.accesslog;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entry's fields under Traefik's names ({@code pkg/middlewares/accesslog/logdata.go}), the dropped ones left out
 * and the headers kept or redacted added as {@code request_<Name>} and {@code downstream_<Name>}: what both line
 * formats read, as Traefik's formatters read its log entry's data. Times are {@link ZonedDateTime}s, durations
 * nanoseconds, sizes and counts numbers, the rest text.
 */
final class LogData {
    static final String START_UTC = "StartUTC";
    static final String START_LOCAL = "StartLocal";
    static final String DURATION = "Duration";
    static final String ROUTER_NAME = "RouterName";
    static final String SERVICE_NAME = "ServiceName";
    static final String SERVICE_URL = "ServiceURL";
    static final String SERVICE_ADDR = "ServiceAddr";
    static final String CLIENT_ADDR = "ClientAddr";
    static final String CLIENT_HOST = "ClientHost";
    static final String CLIENT_PORT = "ClientPort";
    static final String CLIENT_USERNAME = "ClientUsername";
    static final String REQUEST_ADDR = "RequestAddr";
    static final String REQUEST_HOST = "RequestHost";
    static final String REQUEST_PORT = "RequestPort";
    static final String REQUEST_METHOD = "RequestMethod";
    static final String REQUEST_PATH = "RequestPath";
    static final String REQUEST_PROTOCOL = "RequestProtocol";
    static final String REQUEST_SCHEME = "RequestScheme";
    static final String REQUEST_CONTENT_SIZE = "RequestContentSize";
    static final String ORIGIN_DURATION = "OriginDuration";
    static final String ORIGIN_CONTENT_SIZE = "OriginContentSize";
    static final String ORIGIN_STATUS = "OriginStatus";
    static final String DOWNSTREAM_STATUS = "DownstreamStatus";
    static final String DOWNSTREAM_CONTENT_SIZE = "DownstreamContentSize";
    static final String REQUEST_COUNT = "RequestCount";
    static final String OVERHEAD = "Overhead";
    static final String RETRY_ATTEMPTS = "RetryAttempts";
    static final String TLS_VERSION = "TLSVersion";
    static final String TLS_CIPHER = "TLSCipher";
    static final String ENTRY_POINT_NAME = "entryPointName";
    static final String REFERER = "request_Referer";
    static final String USER_AGENT = "request_User-Agent";

    private LogData() {
    }

    /** The fields of {@code entry} that {@code fields} keeps, sorted by name; local times in {@code zone}. */
    static Map<String, Object> of(AccessLogEntry entry, AccessLogFields fields, ZoneId zone) {
        Map<String, Object> data = new TreeMap<>();
        Kept kept = new Kept(data, fields);
        ZonedDateTime start = entry.start().atZone(ZoneOffset.UTC);
        kept.put(START_UTC, start);
        kept.put(START_LOCAL, start.withZoneSameInstant(zone));
        kept.put(DURATION, entry.durationNanos());
        kept.putText(ROUTER_NAME, entry.routerName());
        kept.putText(SERVICE_NAME, entry.serviceName());
        kept.putText(SERVICE_URL, entry.serviceUrl());
        kept.putText(SERVICE_ADDR, entry.serviceAddr());
        kept.put(CLIENT_ADDR, entry.clientAddr());
        kept.put(CLIENT_HOST, entry.clientHost());
        kept.put(CLIENT_PORT, entry.clientPort());
        kept.put(CLIENT_USERNAME, "-");
        if (!entry.requestAddr().isEmpty()) {
            kept.put(REQUEST_ADDR, entry.requestAddr());
            HostPort host = HostPort.split(entry.requestAddr());
            kept.put(REQUEST_HOST, host.host());
            kept.put(REQUEST_PORT, host.port());
        }
        kept.put(REQUEST_METHOD, entry.method());
        kept.put(REQUEST_PATH, entry.path());
        kept.put(REQUEST_PROTOCOL, entry.protocol());
        kept.put(REQUEST_SCHEME, entry.scheme());
        kept.put(REQUEST_CONTENT_SIZE, entry.requestContentSize());
        kept.put(ORIGIN_DURATION, entry.originDurationNanos());
        kept.put(ORIGIN_CONTENT_SIZE, entry.originContentSize());
        kept.put(ORIGIN_STATUS, entry.originStatus());
        kept.put(DOWNSTREAM_STATUS, entry.downstreamStatus());
        kept.put(DOWNSTREAM_CONTENT_SIZE, entry.downstreamContentSize());
        kept.put(REQUEST_COUNT, entry.requestCount());
        kept.put(OVERHEAD, entry.durationNanos() - entry.originDurationNanos());
        kept.put(RETRY_ATTEMPTS, entry.retryAttempts());
        kept.putText(TLS_VERSION, entry.tlsVersion());
        kept.putText(TLS_CIPHER, entry.tlsCipher());
        kept.put(ENTRY_POINT_NAME, entry.entryPoint());
        entry.requestHeaders().forEach(header -> data.put("request_" + header.name(), header.value()));
        entry.downstreamHeaders().forEach(header -> data.put("downstream_" + header.name(), header.value()));
        return data;
    }

    /** Puts a field when {@code fields} keeps it; text fields only when they apply (not empty). */
    private record Kept(Map<String, Object> data, AccessLogFields fields) {
        void put(String name, Object value) {
            if (fields.keeps(name)) {
                data.put(name, value);
            }
        }

        void putText(String name, String value) {
            if (!value.isEmpty()) {
                put(name, value);
            }
        }
    }
}
