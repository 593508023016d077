package com.dhakacart.api.web;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * The log line format: one flat JSON object per event with {@code ts, level, logger, msg} and every MDC
 * field (request_id, route, status, latency_ms, customer), which Loki and jq can filter directly.
 */
public class JsonLogFormat implements StructuredLogFormatter<ILoggingEvent> {

    private final ThrowableProxyConverter stackTraces = new ThrowableProxyConverter();
    private final JsonWriter<ILoggingEvent> writer;

    public JsonLogFormat() {
        stackTraces.start();
        writer = JsonWriter.<ILoggingEvent>of(members -> {
            members.add("ts", event -> Instant.ofEpochMilli(event.getTimeStamp()).toString());
            members.add("level", event -> event.getLevel().toString());
            members.add("logger", ILoggingEvent::getLoggerName);
            members.add("msg", ILoggingEvent::getFormattedMessage);
            members.addMapEntries(ILoggingEvent::getMDCPropertyMap);
            members.add("stack_trace", event -> event).when(event -> event.getThrowableProxy() != null)
                    .as(stackTraces::convert);
        }).withNewLineAtEnd();
    }

    @Override
    public String format(ILoggingEvent event) {
        return writer.writeToString(event);
    }
}
