package io.proxyaudit.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Process arguments (ptcpdump's {@code Args}) lose every credential before any output shows them. The command lines
 * are the forms the programs document for passing secrets: curl's {@code -u user:password} and {@code -H
 * "Authorization: ..."}, pip's {@code --index-url https://user:token@host/simple}, npm's {@code //host/:_authToken=},
 * Maven's {@code -Dhttps.proxyPassword=}, docker login's {@code --password}, tokens by their shape.
 */
class RedactionArgumentsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            curl kernel.org                                              | curl kernel.org
            curl -u alice:s3cret https://x.example/                      | curl -u alice:*** https://x.example/
            curl --user alice:s3cret https://x.example/                  | curl --user alice:*** https://x.example/
            curl -ualice:s3cret https://x.example/                       | curl -ualice:*** https://x.example/
            curl -U bob:pw -x http://proxy:3128 https://x.example/       | curl -U bob:*** -x http://proxy:3128 https://x.example/
            curl -u alice https://x.example/                             | curl -u alice https://x.example/
            curl -H Authorization: Bearer abc.def https://x.example/     | curl -H Authorization: *** *** https://x.example/
            curl -H Authorization: Basic YWxhZGRpbjpvcGVuc2VzYW1l -s url | curl -H Authorization: *** *** -s url
            curl -HAuthorization:Bearer xyz https://x.example/           | curl -HAuthorization:*** *** https://x.example/
            curl -H PRIVATE-TOKEN: glfoo https://gitlab.example/         | curl -H PRIVATE-TOKEN: *** https://gitlab.example/
            curl -H Accept: application/json https://x.example/          | curl -H Accept: application/json https://x.example/
            pip install --index-url https://u:tok@pypi.corp/simple x     | pip install --index-url https://u:***@pypi.corp/simple x
            pip install --proxy http://user:pw@proxy:3128 requests       | pip install --proxy http://user:***@proxy:3128 requests
            docker login --password hunter2 --username me registry.x     | docker login --password *** --username me registry.x
            docker login --password=hunter2 registry.x                   | docker login --password=*** registry.x
            mysql --password= -h db                                      | mysql --password= -h db
            java -Dhttps.proxyPassword=pw -Dhttps.proxyHost=p Launcher   | java -Dhttps.proxyPassword=*** -Dhttps.proxyHost=p Launcher
            npm config set //registry.npmjs.org/:_authToken=npmsecret    | npm config set //registry.npmjs.org/:_authToken=***
            env NPM_TOKEN=abc GITHUB_TOKEN=def npm ci                    | env NPM_TOKEN=*** GITHUB_TOKEN=*** npm ci
            gh --token abc repo list                                     | gh --token *** repo list
            cargo login --registry x secret                              | cargo login --registry x secret
            git clone https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@github.com/o/r | git clone https://x-access-token:***@github.com/o/r
            tool ghp_abcdefghijklmnopqrstuvwxyz0123456789                | tool ***
            tool AKIAIOSFODNN7EXAMPLE                                    | tool ***
            tool eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig            | tool ***
            wget https://x.example/f?token=abc                           | wget https://x.example/f?token=***
            git clone git@github.com:o/r.git                             | git clone git@github.com:o/r.git
            """)
    void redactsCredentials(String args, String expected) {
        assertEquals(expected, Redaction.redactArguments(args));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            curl -u alice:s3cret https://x.example/ | s3cret
            curl -H Authorization: Bearer TOPSECRET | TOPSECRET
            x --client-secret TOPSECRET            | TOPSECRET
            x --api-key=TOPSECRET                  | TOPSECRET
            x https://u:TOP,SE;CRET@host/          | CRET
            """)
    void secretNeverSurvives(String args, String secret) {
        assertFalse(Redaction.redactArguments(args).contains(secret), Redaction.redactArguments(args));
    }
}
