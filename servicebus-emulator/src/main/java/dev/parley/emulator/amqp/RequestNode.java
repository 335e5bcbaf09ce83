package dev.parley.emulator.amqp;

import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.message.Message;

/** A request/response node ($cbs, an entity's $management): one request message in, one response out. */
interface RequestNode {

    /**
     * @param transaction the transaction the request is part of, or null
     * @return the response, without correlation id (the caller sets it)
     */
    Message handle(Message request, byte[] transaction);

    /** A response with an int status code, as the SDK insists, and an optional body map. */
    static Message response(int status, String description, Object body) {
        Message m = Message.Factory.create();
        Map<String, Object> props = new HashMap<>();
        props.put("statusCode", status);
        props.put("statusDescription", description);
        m.setApplicationProperties(new ApplicationProperties(props));
        m.setProperties(new Properties());
        if (body != null) {
            m.setBody(new AmqpValue(body));
        }
        return m;
    }

    static Message error(int status, String condition, String description) {
        Message m = response(status, description, null);
        @SuppressWarnings("unchecked")
        Map<String, Object> props = m.getApplicationProperties().getValue();
        props.put("errorCondition", Symbol.valueOf(condition));
        return m;
    }

    static String operation(Message request) {
        ApplicationProperties ap = request.getApplicationProperties();
        Object op = ap == null || ap.getValue() == null ? null : ap.getValue().get("operation");
        return op == null ? null : op.toString();
    }
}
