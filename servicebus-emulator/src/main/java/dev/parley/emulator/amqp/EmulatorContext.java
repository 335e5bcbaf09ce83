package dev.parley.emulator.amqp;

import dev.parley.emulator.broker.Broker;

/** What every connection shares: the broker, its loop and the message codec (all confined to the loop). */
record EmulatorContext(Broker broker, EventLoop loop, MessageCodec codec) {
}
