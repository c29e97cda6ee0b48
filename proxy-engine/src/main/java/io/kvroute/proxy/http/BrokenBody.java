package io.kvroute.proxy.http;

import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * What happens to an exchange whose request body broke off (bad framing, or the client's input ended early): the
 * upstream request is abandoned (its connection closed without ending the message, so the origin never sees a
 * complete request, and never pooled again), and the client gets 400 if nothing was answered yet; either way its
 * connection is closed, so nothing it pipelined after the body is read.
 */
final class BrokenBody {
    static final String MESSAGE = "request body framing broken";
    private static final Logger LOG = LoggerFactory.getLogger(BrokenBody.class);

    private BrokenBody() {
    }

    static void answer(HttpServerExchange exchange, String problem) {
        if (exchange.isComplete()) {
            return;
        }
        LOG.debug("{} {} from {}: {}; upstream request abandoned", exchange.getRequestMethod(),
                exchange.getRequestURI(), exchange.getSourceAddress(), problem);
        UpstreamConnection upstream = exchange.getAttachment(UpstreamConnection.KEY);
        if (upstream != null) {
            upstream.abandon();
        }
        exchange.setPersistent(false);
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        Connectors.terminateRequest(exchange);
        exchange.setStatusCode(StatusCodes.BAD_REQUEST);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("400 bad request: " + problem + "\n");
    }
}
