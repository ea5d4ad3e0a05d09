package com.example.hello;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GreetTest {
    @Test
    void repeatsTheGreeting() {
        Greet.Reply reply = new Greet().apply(new Greet.Request("Ada", 2));
        assertThat(reply.message()).isEqualTo("Hi Ada! Hi Ada!");
        assertThat(reply.length()).isEqualTo(15);
    }

    @Test
    void defaultsToWorld() {
        assertThat(new Greet().apply(new Greet.Request(" ", 0)).message()).isEqualTo("Hi world!");
    }
}
