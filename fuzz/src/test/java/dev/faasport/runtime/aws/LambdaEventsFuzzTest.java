package dev.faasport.runtime.aws;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.faasport.runtime.json.Json;
import dev.faasport.runtime.json.JsonException;

import java.util.Map;

/**
 * Events as Lambda delivers them, or as anyone who may invoke the function sends them: the translation to the
 * neutral types takes any JSON without an unexpected exception.
 */
class LambdaEventsFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void translate(@NotNull String text) {
        Map<String, Object> event;
        try {
            event = Json.parseObject(text);
        } catch (JsonException notAnObject) {
            return;
        }
        switch (LambdaEvents.kind(event)) {
            case HTTP_V2 -> LambdaEvents.httpV2(event);
            case HTTP_V1 -> LambdaEvents.httpV1(event);
            case S3 -> LambdaEvents.s3(event);
            case SQS -> {
                LambdaEvents.sqsQueue(event);
                LambdaEvents.sqs(event);
            }
            default -> {
                // schedule and other events are passed on as JSON
            }
        }
    }
}
