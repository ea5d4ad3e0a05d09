package dev.faasport.core.model;

import dev.faasport.spi.FunctionShape;

/** Maps the runtime's shape detection (the same code the adapters use at run time) onto the SPI's enum. */
final class HandlerShapes {

    private HandlerShapes() {
    }

    /** @throws IllegalArgumentException with the detector's "class X ..., perhaps you should ..." message */
    static FunctionShape detect(Class<?> handler) {
        return FunctionShape.valueOf(dev.faasport.runtime.Shapes.detect(handler).name());
    }

    /** @return the trigger kind a function of this shape takes when the configuration names none */
    static String naturalTrigger(FunctionShape shape) {
        return switch (shape) {
            case HTTP, TYPED -> "http";
            case STORAGE -> "storage";
            case QUEUE -> "queue";
            case SCHEDULE -> "schedule";
        };
    }
}
