package com.example.hello;

import java.util.function.Function;

/** A typed function with no Faasport import at all: JSON in, JSON out. */
public class Greet implements Function<Greet.Request, Greet.Reply> {

    public record Request(String name, int times) { }

    public record Reply(String message, int length) { }

    @Override
    public Reply apply(Request request) {
        String who = request.name() == null || request.name().isBlank() ? "world" : request.name();
        String message = ("Hi " + who + "! ").repeat(Math.max(1, request.times())).trim();
        return new Reply(message, message.length());
    }
}
