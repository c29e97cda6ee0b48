package io.kvroute.kv.testing.consul;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Optional;

/**
 * The WireMock extension that answers every {@code /v1/} request from {@link ConsulState}: injected faults first,
 * then the ACL token check, then the endpoint.
 */
final class ConsulHttpApi implements ResponseDefinitionTransformerV2 {
    static final String NAME = "consul-emulator";

    private final ConsulFaults faults;
    private final Optional<String> aclToken;
    private final KvEndpoint kv;
    private final TxnEndpoint txn;
    private final SessionEndpoint sessions;

    ConsulHttpApi(ConsulState state, ConsulFaults faults, Optional<String> aclToken) {
        this.faults = faults;
        this.aclToken = aclToken;
        this.kv = new KvEndpoint(state);
        this.txn = new TxnEndpoint(state);
        this.sessions = new SessionEndpoint(state);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ApiRequest request = ApiRequest.from(serveEvent.getRequest());
        ApiResponse response = faults.injectedFailure().orElseGet(() -> answer(request));
        ResponseDefinitionBuilder definition = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(response.status())
                .withBody(response.body());
        response.headers().forEach(definition::withHeader);
        long delayMillis = faults.delay().toMillis();
        if (delayMillis > 0) {
            definition.withFixedDelay((int) delayMillis);
        }
        return definition.build();
    }

    private ApiResponse answer(ApiRequest request) {
        Optional<ApiResponse> refused = checkToken(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            return route(request);
        } catch (ConsulApiError e) {
            return ApiResponse.text(e.status(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiResponse.text(503, "the Consul emulator is shutting down");
        }
    }

    private ApiResponse route(ApiRequest request) throws InterruptedException {
        String path = request.path();
        if (path.startsWith("kv/")) {
            return kv.handle(request, path.substring(3));
        }
        if (path.equals("txn")) {
            return txn.handle(request);
        }
        if (path.startsWith("session/")) {
            String[] parts = path.substring(8).split("/", 2);
            return sessions.handle(request, parts[0], parts.length > 1 ? parts[1] : "");
        }
        return ApiResponse.text(404, "the Consul emulator does not implement /v1/" + path);
    }

    /** Consul answers 403 for a missing (anonymous) token and for an unknown one. */
    private Optional<ApiResponse> checkToken(ApiRequest request) {
        if (aclToken.isEmpty() || request.token().equals(aclToken)) {
            return Optional.empty();
        }
        return Optional.of(request.token().isEmpty()
                ? ApiResponse.text(403, "Permission denied: anonymous token lacks permission")
                : ApiResponse.text(403, "ACL not found"));
    }
}
