package dev.parley.emulator.amqp;

import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims-based security: every put-token (SAS or JWT) is accepted; the token itself is never logged. */
final class CbsNode implements RequestNode {
    private static final Logger log = LoggerFactory.getLogger(CbsNode.class);

    @Override
    public Message handle(Message request, byte[] transaction) {
        String operation = RequestNode.operation(request);
        if (!"put-token".equals(operation)) {
            return RequestNode.error(501, Conditions.NOT_IMPLEMENTED, "CBS operation not supported: " + operation);
        }
        Object type = request.getApplicationProperties().getValue().get("type");
        Object audience = request.getApplicationProperties().getValue().get("name");
        log.debug("cbs put-token type={} audience={}", type, audience);
        return RequestNode.response(202, "Accepted", null);
    }
}
