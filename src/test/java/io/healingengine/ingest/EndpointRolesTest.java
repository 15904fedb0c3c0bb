package io.healingengine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.healingengine.config.Role;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The roles the API enforces are the ones docs/api.md promises, endpoint by endpoint. */
class EndpointRolesTest {
    /** A row of the endpoint table: | [`METHOD /path`](#anchor) | role | status | purpose |. */
    private static final Pattern ROW = Pattern.compile("^\\| \\[`(GET|POST|DELETE) ([^`]+)`]\\([^)]*\\) \\| (\\w+) \\|");

    @Test
    void shouldRequireForEachDocumentedEndpointTheRoleTheApiDocumentSays() throws IOException {
        // given: every row of docs/api.md's endpoint table
        List<String> rows = Files.readAllLines(Path.of("docs/api.md")).stream()
                .filter(line -> ROW.matcher(line).find()).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(20);

        for (String row : rows) {
            Matcher endpoint = ROW.matcher(row);
            assertThat(endpoint.find()).isTrue();
            String path = endpoint.group(2).replaceAll("\\{[^}]+}", "x1");
            Role documented = endpoint.group(3).equals("none") ? null : Role.valueOf(endpoint.group(3).toUpperCase());

            // when / then
            assertThat(EndpointRoles.required(HttpMethod.valueOf(endpoint.group(1)), path))
                    .as(endpoint.group(1) + " " + endpoint.group(2)).isEqualTo(documented);
        }
    }

    @Test
    void shouldRequireAdminForAnythingTheTableDoesNotList() {
        assertThat(EndpointRoles.required(HttpMethod.POST, "/api/v1/something-new")).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.required(HttpMethod.PUT, "/api/v1/signals")).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.required(HttpMethod.DELETE, "/api/v1/incidents")).isEqualTo(Role.ADMIN);
        assertThat(EndpointRoles.required(HttpMethod.POST, "/api/v1/services/a/b/heal")).isEqualTo(Role.ADMIN);
    }

    @Test
    void shouldJudgeAPathWithATrailingSlashAsThePathItself() {
        assertThat(EndpointRoles.required(HttpMethod.POST, "/api/v1/signals/")).isEqualTo(Role.INGEST);
        assertThat(EndpointRoles.required(HttpMethod.POST, "/api/v1/kjars/")).isEqualTo(Role.ADMIN);
    }
}
