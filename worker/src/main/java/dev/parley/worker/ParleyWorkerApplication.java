package dev.parley.worker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Parley's worker: takes whole conversations from the question queue and answers them, one reply per question. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParleyWorkerApplication.class, args);
    }
}
