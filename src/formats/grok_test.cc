#include "formats/grok.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sluice::formats {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

GrokPattern Compile(std::string_view pattern, std::string_view custom = "") {
  Result<GrokPattern> r = CompileGrok(pattern, custom);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return std::move(*CompileGrok("%{GREEDYDATA}", ""));
  return std::move(*r);
}

std::string CompileError(std::string_view pattern, std::string_view custom = "") {
  Result<GrokPattern> r = CompileGrok(pattern, custom);
  EXPECT_FALSE(r.ok()) << "compiled: " << pattern;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput);
  return r.status().message();
}

// "name:type name:type ..."
std::string Schema(const std::vector<Column>& columns) {
  std::string out;
  for (const Column& c : columns)
    out += (out.empty() ? "" : " ") + c.name + ":" + c.type.ToString();
  return out;
}

std::string Value(const Fields& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return v;
  }
  return "<absent>";
}

constexpr std::string_view kCombinedLog =
    "192.168.1.20 - - [12/Mar/2024:08:15:02 +0000] \"GET /index.html HTTP/1.1\" 200 5120 \"-\" "
    "\"curl/8.5.0\"\n"
    "10.0.0.7 - alice [12/Mar/2024:08:15:09 +0000] \"POST /api/orders?id=42&x=y HTTP/1.1\" 201 87 "
    "\"https://shop.example.org/cart\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/123.0\"\n"
    "2001:db8::1 - - [12/Mar/2024:08:16:00 +0000] \"GET /favicon.ico HTTP/2.0\" 404 - \"-\" "
    "\"Mozilla/5.0\"\n"
    "edge-3.cdn.example.net - bob [12/Mar/2024:08:17:45 -0500] \"-\" 408 0 \"-\" \"-\"\n";

constexpr std::string_view kCommonLog =
    "192.168.1.20 - - [12/Mar/2024:08:15:02 +0000] \"GET /index.html HTTP/1.1\" 200 5120\n"
    "10.0.0.7 - alice [12/Mar/2024:08:15:09 +0000] \"POST /api/orders HTTP/1.1\" 201 87\n"
    "::1 - - [12/Mar/2024:08:16:00 +0000] \"GET /health HTTP/1.0\" 204 -\n";

constexpr std::string_view kKernelLog =
    "Mar 12 08:15:02 web-01 kernel: [    0.000000] Linux version 6.1.0-18-amd64\n"
    "Mar 12 08:15:02 web-01 kernel: [   12.345678] e1000e: eth0 NIC Link is Up 1000 Mbps\n"
    "Mar  2 23:59:59 db.example.com kernel: Out of memory: Killed process 4242 (postgres)\n";

TEST(GrokTest, TypedFieldsMatchAndBecomeColumns) {
  GrokPattern p = Compile(
      "%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes:int} "
      "%{NUMBER:duration:double} %{WORD:ok:boolean} %{INT:big:LONG} %{INT:b:byte} %{INT:s:short} "
      "%{NUMBER:f:float} %{WORD:text:string}");
  std::optional<Fields> m = p.Match("55.3.244.1 GET /index.html?a=1 15824 0.043 true 9 1 2 1.5 hi");
  ASSERT_TRUE(m.has_value()) << p.regex();
  EXPECT_EQ(Value(*m, "client"), "55.3.244.1");
  EXPECT_EQ(Value(*m, "method"), "GET");
  EXPECT_EQ(Value(*m, "request"), "/index.html?a=1");
  EXPECT_EQ(Value(*m, "bytes"), "15824");
  EXPECT_EQ(Value(*m, "duration"), "0.043");
  GrokInference r = InferGrokSchema("55.3.244.1 GET / 1 0.5 false 1 1 1 1 x\n", p, false);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(Schema(r.columns),
            "client:string method:string request:string bytes:int duration:double ok:boolean "
            "big:bigint b:tinyint s:smallint f:float text:string");
  EXPECT_EQ(r.serde_parameters.at("input.format"), p.pattern());
  EXPECT_EQ(r.serde_parameters.count("input.grokCustomPatterns"), 0u);
}

TEST(GrokTest, NonMatchingLineIsNullopt) {
  GrokPattern p = Compile("^%{INT:n} %{WORD:w}$");
  EXPECT_FALSE(p.Match("abc 12").has_value());
  EXPECT_FALSE(p.Match("").has_value());
  EXPECT_TRUE(p.Match("12 abc").has_value());
}

TEST(GrokTest, UnanchoredLikeLogstash) {
  GrokPattern p = Compile("%{INT:n}");
  std::optional<Fields> m = p.Match("value is 42 today");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(Value(*m, "n"), "42");
}

TEST(GrokTest, CustomPatternsAsGlueCustomPatterns) {
  const std::string custom =
      "# postfix queue ids\n"
      "POSTFIX_QUEUEID [0-9A-F]{10,11}\r\n"
      "\n"
      "MSGTEXT\t%{GREEDYDATA}\n";
  GrokPattern p =
      Compile("%{SYSLOGBASE} %{POSTFIX_QUEUEID:queue_id}: %{MSGTEXT:syslog_message}", custom);
  const std::string line =
      "Jan  1 06:25:43 mailserver14 postfix/cleanup[21403]: BEF25A72965: "
      "message-id=<20130101142543.5828399CCAF@mailserver14.example.com>";
  std::optional<Fields> m = p.Match(line);
  ASSERT_TRUE(m.has_value()) << p.regex();
  EXPECT_EQ(Value(*m, "timestamp"), "Jan  1 06:25:43");
  EXPECT_EQ(Value(*m, "logsource"), "mailserver14");
  EXPECT_EQ(Value(*m, "program"), "postfix/cleanup");
  EXPECT_EQ(Value(*m, "pid"), "21403");
  EXPECT_EQ(Value(*m, "queue_id"), "BEF25A72965");
  EXPECT_EQ(Value(*m, "syslog_message"),
            "message-id=<20130101142543.5828399CCAF@mailserver14.example.com>");
  GrokInference r = InferGrokSchema(line + "\n" + line + "\n", p, true);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.records, 2u);
  EXPECT_EQ(Schema(r.columns),
            "timestamp:string facility:string priority:string logsource:string program:string "
            "pid:string queue_id:string syslog_message:string");
  EXPECT_EQ(r.serde_parameters.at("input.grokCustomPatterns"), custom);
}

TEST(GrokTest, CustomPatternOverridesBaseAndLaterDefinitionWins) {
  GrokPattern p = Compile("^%{WORD:w}$", "WORD [0-9]+\nWORD [a-z]+");
  EXPECT_TRUE(p.Match("abc").has_value());
  EXPECT_FALSE(p.Match("ABC").has_value());
}

TEST(GrokTest, BadCustomPatternLineNamesTheLine) {
  std::string e = CompileError("%{A}", "A [a-z]+\nB-C x\n");
  EXPECT_NE(e.find("line 2 'B-C x'"), std::string::npos) << e;
  e = CompileError("%{A}", "ALONE\n");
  EXPECT_NE(e.find("'ALONE' is not 'NAME regex'"), std::string::npos) << e;
}

TEST(GrokTest, UnknownPatternIsInvalidInput) {
  std::string e = CompileError("%{IP:client} %{NOPE:x}");
  EXPECT_NE(e.find("unknown grok pattern %{NOPE} in the grok pattern"), std::string::npos) << e;
  EXPECT_NE(e.find("CustomPatterns"), std::string::npos) << e;
  e = CompileError("%{OUTER}", "OUTER a%{INNER}");
  EXPECT_NE(e.find("unknown grok pattern %{INNER} in pattern OUTER"), std::string::npos) << e;
}

TEST(GrokTest, CyclicPatternsAreInvalidInput) {
  std::string e = CompileError("%{A:x}", "A a%{B}\nB b%{C}\nC c%{A}\n");
  EXPECT_NE(e.find("cycle: A -> B -> C -> A"), std::string::npos) << e;
  e = CompileError("%{LOOP}", "LOOP x%{LOOP}?");
  EXPECT_NE(e.find("cycle: LOOP -> LOOP"), std::string::npos) << e;
}

TEST(GrokTest, DepthLimit) {
  std::string custom;
  for (int i = 0; i < kMaxGrokDepth + 5; ++i) {
    custom += "P" + std::to_string(i) + " x%{P" + std::to_string(i + 1) + "}\n";
  }
  custom += "P" + std::to_string(kMaxGrokDepth + 5) + " end\n";
  std::string e = CompileError("%{P0}", custom);
  EXPECT_NE(e.find("deeper than 32 levels"), std::string::npos) << e;
  // Within the limit compiles.
  std::string shallow = "Q0 x%{Q1}\nQ1 x%{Q2}\nQ2 end\n";
  EXPECT_TRUE(Compile("%{Q0}", shallow).Match("xxend").has_value());
}

TEST(GrokTest, ExponentialExpansionIsRefused) {
  std::string custom = "E0 ab\n";
  for (int i = 1; i <= 24; ++i) {
    const std::string prev = "%{E" + std::to_string(i - 1) + "}";
    custom += "E" + std::to_string(i) + " " + prev + prev + "\n";
  }
  std::string e = CompileError("%{E24}", custom);
  EXPECT_NE(e.find("bytes of regex"), std::string::npos) << e;
}

TEST(GrokTest, MalformedReferencesAndTypes) {
  EXPECT_NE(CompileError("%{INT:n").find("unterminated '%{' at offset 0"), std::string::npos);
  EXPECT_NE(CompileError("%{INT:n:decimal}").find("unknown type 'decimal'"), std::string::npos);
  EXPECT_NE(CompileError("%{INT:n:int:x}").find("too many ':'"), std::string::npos);
  EXPECT_NE(CompileError("%{IN T:n}").find("a pattern name is letters"), std::string::npos);
  EXPECT_NE(CompileError("").find("empty"), std::string::npos);
  std::string e = CompileError("%{INT:n}(unclosed");
  EXPECT_NE(e.find("does not compile"), std::string::npos) << e;
  EXPECT_NE(e.find("offset"), std::string::npos) << e;
}

TEST(GrokTest, UnwantedDuplicateAndInlineFields) {
  GrokPattern p = Compile("%{INT:n:int} %{INT:N:long} %{WORD:UNWANTED} (?<code>[A-Z]{3})");
  std::optional<Fields> m = p.Match("1 2 skip ABC");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(*m, (Fields{{"n", "1"}, {"N", "2"}, {"code", "ABC"}}));
  GrokInference r = InferGrokSchema("1 2 skip ABC", p, true);
  EXPECT_EQ(Schema(r.columns), "n:bigint code:string");  // n and N merged, int ^ long
}

TEST(GrokTest, SameFieldInAlternativesTakesTheBranchThatMatched) {
  GrokPattern p = Compile("^(?:%{INT:v:int}|%{WORD:v})$");
  EXPECT_EQ(p.fields().size(), 1u);
  EXPECT_EQ(*p.Match("12"), (Fields{{"v", "12"}}));
  EXPECT_EQ(*p.Match("ab"), (Fields{{"v", "ab"}}));
}

TEST(GrokTest, FieldOutsideTheMatchIsLeftOut) {
  GrokPattern p = Compile("^%{WORD:a}(?: %{INT:b})?$");
  EXPECT_EQ(*p.Match("x"), (Fields{{"a", "x"}}));
  EXPECT_EQ(*p.Match("x 5"), (Fields{{"a", "x"}, {"b", "5"}}));
}

TEST(GrokTest, EveryBasePatternCompiles) {
  for (const GrokPatternDefinition& d : BaseGrokPatterns()) {
    Result<GrokPattern> r = CompileGrok("%{" + std::string(d.name) + ":x}", "");
    EXPECT_TRUE(r.ok()) << d.name << ": " << r.status().ToString();
  }
  for (const BuiltinLogClassifier& c : BuiltinLogClassifiers()) {
    Result<GrokPattern> r = CompileGrok(c.pattern, "");
    EXPECT_TRUE(r.ok()) << c.classification << ": " << r.status().ToString();
  }
}

TEST(GrokTest, BasePatternsMatchTheirValues) {
  struct Case {
    std::string_view pattern;
    std::vector<std::string_view> good;
    std::vector<std::string_view> bad;
  };
  const std::vector<Case> cases = {
      {"IPV4", {"10.0.0.1", "255.255.255.255", "0.0.0.0"}, {"256.1.1.1", "1.2.3", "1.2.3.4.5"}},
      {"IPV6",
       {"2001:db8::1", "::1", "::", "fe80::1%eth0", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "::ffff:192.0.2.128", "1::", "1:2:3:4:5:6:1.2.3.4"},
       {"2001:db8:::1", "12345::", "1:2:3:4:5:6:7:8:9", "g::1"}},
      {"IP", {"10.0.0.1", "::1"}, {"host"}},
      {"HOSTNAME", {"example.com", "web-01", "a.b.c.example.org"}, {"-bad", "a_b"}},
      {"IPORHOST", {"10.1.2.3", "db.internal"}, {"no spaces"}},
      {"HOSTPORT", {"example.com:8080", "10.0.0.1:443"}, {"example.com"}},
      {"INT", {"0", "-12", "+7"}, {"1.5", "x"}},
      {"NUMBER", {"1", "-1.5", ".5", "3.14"}, {"1.", "abc"}},
      {"POSINT", {"1", "42"}, {"0", "-1"}},
      {"NONNEGINT", {"0", "42"}, {"-1"}},
      {"WORD", {"hello", "snake_case1"}, {"two words", "a-b"}},
      {"NOTSPACE", {"a-b/c"}, {"a b"}},
      {"QUOTEDSTRING", {"\"a b\"", "'it\\'s'", "\"\"", "`x`"}, {"\"open", "plain"}},
      {"UUID", {"123e4567-e89b-12d3-a456-426614174000"}, {"123e4567-e89b-12d3-a456"}},
      {"MAC", {"00:1A:2b:3C:4d:5E", "00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"}, {"00:1A:2B"}},
      {"USERNAME", {"j.doe-1_x"}, {"j doe"}},
      {"UNIXPATH", {"/var/log/syslog", "/a/b\\ c"}, {"relative/path"}},
      {"WINPATH", {"C:\\Windows\\System32"}, {"/unix"}},
      {"PATH", {"/etc/hosts", "C:\\temp"}, {"nope"}},
      {"URIPATH", {"/", "/a/b.html"}, {"a/b"}},
      {"URIPARAM", {"?a=1&b=2"}, {"a=1"}},
      {"URIPATHPARAM", {"/search?q=grok"}, {"search"}},
      {"URI",
       {"https://example.com/a?b=c", "ftp://user@files.example.com:21/pub", "http://[::1]:80/"},
       {"example.com/a"}},
      {"MONTH", {"Jan", "January", "sep", "Sept", "dec"}, {"Foo", "Janu"}},
      {"MONTHNUM", {"1", "09", "12"}, {"13", "00"}},
      {"MONTHDAY", {"1", "09", "31"}, {"32", "00"}},
      {"DAY", {"Mon", "Wednesday"}, {"Mo"}},
      {"YEAR", {"2024", "24"}, {"2", "202"}},
      {"TIME", {"13:55:36", "0:00:00", "23:59:60", "08:15:02.123"}, {"24:00:00", "13:55"}},
      {"DATE_US", {"12/31/2024", "1-2-24"}, {"31/12/2024"}},
      {"DATE_EU", {"31.12.2024", "31/12/2024"}, {"12/31/2024"}},
      {"ISO8601_TIMEZONE", {"Z", "+02:00", "-0500"}, {"+25:00"}},
      {"TIMESTAMP_ISO8601",
       {"2024-03-12T08:15:02Z", "2024-03-12 08:15:02.123+01:00", "2024-03-12T08:15"},
       {"2024-13-12T08:15:02", "2024/03/12 08:15:02"}},
      {"DATESTAMP", {"12/31/2024 13:55:36", "31.12.2024-13:55:36"}, {"2024-12-31 13:55:36"}},
      {"HTTPDATE", {"10/Oct/2000:13:55:36 -0700"}, {"10/10/2000:13:55:36 -0700"}},
      {"SYSLOGTIMESTAMP", {"Mar 12 08:15:02", "Mar  2 23:59:59"}, {"2024-03-12 08:15:02"}},
      {"SYSLOGPROG", {"sshd[123]", "kernel", "postfix/smtpd[9]"}, {"[1]"}},
      {"SYSLOGBASE", {"Mar 12 08:15:02 host sshd[42]:"}, {"Mar 12 08:15:02 host"}},
      {"LOGLEVEL", {"INFO", "warn", "Warning", "ERROR", "err", "FATAL", "debug"}, {"loud"}},
      {"DATESTAMP_RFC2822", {"Tue, 12 Mar 2024 08:15:02 +0000"}, {"12 Mar 2024"}},
      {"SPACE", {"", "  \t"}, {"x"}},
      {"BOOLEAN", {"true", "FALSE"}, {"yes"}},
  };
  for (const Case& c : cases) {
    GrokPattern p = Compile("^%{" + std::string(c.pattern) + ":v}$");
    for (std::string_view good : c.good) {
      std::optional<Fields> m = p.Match(good);
      EXPECT_TRUE(m.has_value()) << c.pattern << " should match '" << good << "'";
      if (m) {
        EXPECT_EQ(Value(*m, "v"), good) << c.pattern;
      }
    }
    for (std::string_view bad : c.bad) {
      EXPECT_FALSE(p.Match(bad).has_value()) << c.pattern << " should not match '" << bad << "'";
    }
  }
}

TEST(GrokTest, CombinedApacheLogIsClassified) {
  std::optional<LogClassification> c = TryBuiltinLogClassifiers(kCombinedLog, true);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->classification, "combined_apache");
  EXPECT_EQ(c->inference.certainty, 1.0);
  EXPECT_EQ(c->inference.records, 4u);
  EXPECT_NE(c->inference.reason.find("built-in classifier combined_apache: 4 of 4"),
            std::string::npos)
      << c->inference.reason;
  EXPECT_EQ(Schema(c->inference.columns),
            "clientip:string ident:string auth:string timestamp:string verb:string "
            "request:string httpversion:string rawrequest:string response:string bytes:string "
            "referrer:string agent:string");
  EXPECT_EQ(c->inference.serde_parameters.at("input.format"), "^%{COMBINEDAPACHELOG}");

  GrokPattern p = Compile("%{COMBINEDAPACHELOG}");
  const size_t second = kCombinedLog.find('\n') + 1;
  const std::string_view line2 =
      kCombinedLog.substr(second, kCombinedLog.find('\n', second) - second);
  std::optional<Fields> m = p.Match(line2);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(Value(*m, "clientip"), "10.0.0.7");
  EXPECT_EQ(Value(*m, "auth"), "alice");
  EXPECT_EQ(Value(*m, "timestamp"), "12/Mar/2024:08:15:09 +0000");
  EXPECT_EQ(Value(*m, "verb"), "POST");
  EXPECT_EQ(Value(*m, "request"), "/api/orders?id=42&x=y");
  EXPECT_EQ(Value(*m, "httpversion"), "1.1");
  EXPECT_EQ(Value(*m, "response"), "201");
  EXPECT_EQ(Value(*m, "bytes"), "87");
  EXPECT_EQ(Value(*m, "referrer"), "\"https://shop.example.org/cart\"");
  EXPECT_EQ(Value(*m, "agent"), "\"Mozilla/5.0 (X11; Linux x86_64) Firefox/123.0\"");
  EXPECT_EQ(Value(*m, "rawrequest"), "<absent>");

  // "-" bytes and a raw request.
  std::optional<Fields> m4 =
      p.Match("edge-3.cdn.example.net - bob [12/Mar/2024:08:17:45 -0500] \"-\" 408 0 \"-\" \"-\"");
  ASSERT_TRUE(m4.has_value());
  EXPECT_EQ(Value(*m4, "rawrequest"), "-");
  EXPECT_EQ(Value(*m4, "verb"), "<absent>");
}

TEST(GrokTest, CommonApacheLogIsClassifiedAsApache) {
  std::optional<LogClassification> c = TryBuiltinLogClassifiers(kCommonLog, true);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->classification, "apache");
  EXPECT_EQ(c->inference.records, 3u);
  EXPECT_EQ(c->inference.columns.size(), 10u);
  EXPECT_EQ(c->inference.columns.back().name, "bytes");
}

TEST(GrokTest, LinuxKernelLogIsClassified) {
  std::optional<LogClassification> c = TryBuiltinLogClassifiers(kKernelLog, true);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->classification, "linux_kernel");
  EXPECT_EQ(c->inference.records, 3u);
  EXPECT_EQ(Schema(c->inference.columns),
            "timestamp:string logsource:string uptime:string message:string");
  GrokPattern p = Compile("%{LINUXKERNELLOG}");
  std::optional<Fields> m =
      p.Match("Mar 12 08:15:02 web-01 kernel: [   12.345678] e1000e: eth0 NIC Link is Up");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(Value(*m, "timestamp"), "Mar 12 08:15:02");
  EXPECT_EQ(Value(*m, "logsource"), "web-01");
  EXPECT_EQ(Value(*m, "uptime"), "12.345678");
  EXPECT_EQ(Value(*m, "message"), "e1000e: eth0 NIC Link is Up");
}

TEST(GrokTest, OtherBuiltinLogFormats) {
  std::optional<LogClassification> ruby = TryBuiltinLogClassifiers(
      "I, [2024-01-15T10:00:00.123456 #4242]  INFO -- app: Started GET /\n"
      "E, [2024-01-15T10:00:01.000001 #4242] ERROR -- app: boom: it broke\n",
      true);
  ASSERT_TRUE(ruby.has_value());
  EXPECT_EQ(ruby->classification, "ruby_logger");

  std::optional<LogClassification> squid = TryBuiltinLogClassifiers(
      "1286536309.586    921 192.168.0.68 TCP_MISS/200 507 CONNECT www.example.com:443 - "
      "DIRECT/203.0.113.9 -\n"
      "1286536310.001     12 192.168.0.69 TCP_HIT/200 1024 GET http://example.com/a.png jane "
      "NONE/- image/png\n",
      true);
  ASSERT_TRUE(squid.has_value());
  EXPECT_EQ(squid->classification, "squid");

  std::optional<LogClassification> redis = TryBuiltinLogClassifiers(
      "[4018] 14 Nov 07:01:22.119 * Background saving terminated with success\n"
      "1:M 14 Nov 2023 07:01:22.119 * Ready to accept connections\n",
      true);
  ASSERT_TRUE(redis.has_value());
  EXPECT_EQ(redis->classification, "redislog");
}

TEST(GrokTest, NonLogTextIsNotClassified) {
  EXPECT_FALSE(TryBuiltinLogClassifiers("id,name,price\n1,apple,1.25\n2,pear,0.5\n", true));
  EXPECT_FALSE(TryBuiltinLogClassifiers("{\"a\": 1}\n{\"a\": 2}\n", true));
  EXPECT_FALSE(TryBuiltinLogClassifiers("", true));

  GrokPattern p = Compile("%{COMBINEDAPACHELOG}");
  GrokInference r = InferGrokSchema("hello world\nsecond line\n", p, true);
  EXPECT_EQ(r.certainty, 0.0);
  EXPECT_EQ(r.records, 0u);
  EXPECT_EQ(r.lines, 2u);
  EXPECT_EQ(r.first_mismatch, "line 1: 'hello world'");
  EXPECT_NE(r.reason.find("only 0 of 2 sampled lines (0%) match"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("80% needed"), std::string::npos) << r.reason;
}

TEST(GrokTest, MatchShareThreshold) {
  GrokPattern p = Compile("^%{INT:n:int}$");
  GrokInference four_of_five = InferGrokSchema("1\n2\n3\nx\n4\n", p, true);
  EXPECT_EQ(four_of_five.certainty, 1.0) << four_of_five.reason;
  EXPECT_EQ(four_of_five.first_mismatch, "line 4: 'x'");
  GrokInference three_of_five = InferGrokSchema("1\n2\nx\ny\n3\n", p, true);
  EXPECT_EQ(three_of_five.certainty, 0.0);
  EXPECT_NE(three_of_five.reason.find("only 3 of 5 sampled lines (60%)"), std::string::npos)
      << three_of_five.reason;
}

TEST(GrokTest, InferenceStopsOnceTheShareIsOutOfReach) {
  GrokPattern p = Compile("^%{INT:n}$");
  std::string sample;
  for (int i = 0; i < 300; ++i) sample += "x\n";
  for (int i = 0; i < 500; ++i) sample += "1\n";
  GrokInference r = InferGrokSchema(sample, p, true);
  EXPECT_EQ(r.certainty, 0.0);
  EXPECT_EQ(r.lines, 201u);
  EXPECT_NE(r.reason.find("stopped after 201 mismatches, too many for 1000 lines"),
            std::string::npos)
      << r.reason;
  // 200 mismatches in 1,000 lines is exactly 80%.
  std::string edge;
  for (int i = 0; i < 200; ++i) edge += "x\n";
  for (int i = 0; i < 900; ++i) edge += "1\n";
  GrokInference at_share = InferGrokSchema(edge, p, true);
  EXPECT_EQ(at_share.lines, kGrokSampleLines);
  EXPECT_EQ(at_share.records, 800u);
  EXPECT_EQ(at_share.certainty, 1.0) << at_share.reason;
  EXPECT_TRUE(p.Matches("42"));
  EXPECT_FALSE(p.Matches("4 2"));
}

TEST(GrokTest, BlankLinesBomAndCrlfAreHandled) {
  GrokPattern p = Compile("^%{INT:n}$");
  GrokInference r = InferGrokSchema(
      "\xEF\xBB\xBF"
      "1\r\n\r\n  \n2\r\n",
      p, true);
  EXPECT_EQ(r.certainty, 1.0) << r.reason;
  EXPECT_EQ(r.lines, 2u);
  EXPECT_EQ(r.records, 2u);
  GrokInference empty = InferGrokSchema("\n\n", p, true);
  EXPECT_EQ(empty.certainty, 0.0);
  EXPECT_EQ(empty.reason, "the sample holds no non-empty line");
}

TEST(GrokTest, PartialLastLineIsDroppedUnlessComplete) {
  const std::string sample = std::string(kCommonLog) + "10.0.0.9 - - [12/Mar/2024:08:1";
  GrokPattern p = Compile("^%{COMMONAPACHELOG}");
  GrokInference cut = InferGrokSchema(sample, p, false);
  EXPECT_TRUE(cut.dropped_partial_line);
  EXPECT_EQ(cut.lines, 3u);
  EXPECT_EQ(cut.records, 3u);
  EXPECT_EQ(cut.certainty, 1.0);
  GrokInference whole = InferGrokSchema(sample, p, true);
  EXPECT_FALSE(whole.dropped_partial_line);
  EXPECT_EQ(whole.lines, 4u);
  EXPECT_EQ(whole.records, 3u);
  EXPECT_EQ(whole.first_mismatch, "line 4: '10.0.0.9 - - [12/Mar/2024:08:1'");
  GrokInference only_partial = InferGrokSchema("10.0.0.9 - - [12/Mar", p, false);
  EXPECT_EQ(only_partial.certainty, 0.0);
  EXPECT_NE(only_partial.reason.find("cut by the end of the sample"), std::string::npos);
}

TEST(GrokTest, CatastrophicBacktrackingStopsAtTheMatchLimit) {
  // (a|aa)+ against "aaa...ab" tries Fibonacci(60) ways without the limit: it would never end.
  GrokPattern p = Compile("^(?:%{ONE}|%{ONE}%{ONE})+$", "ONE a");
  EXPECT_TRUE(p.Match(std::string(60, 'a')).has_value());
  EXPECT_FALSE(p.Match(std::string(60, 'a') + "b").has_value());
}

}  // namespace
}  // namespace sluice::formats
