package io.kvroute.proxy.acme;

import java.net.http.HttpClient;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/** acme4j's provider for any {@code https} directory; its HTTP client trusts the {@link CaTrust} context if given. */
final class TrustingAcmeProvider extends GenericAcmeProvider {
    private final Optional<SSLContext> trust;

    TrustingAcmeProvider(Optional<SSLContext> trust) {
        this.trust = trust;
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                HttpClient.Builder builder = super.createClientBuilder();
                trust.ifPresent(builder::sslContext);
                return builder;
            }
        };
    }
}
