// The base grok pattern library, as data. Written for Sluice from the grok pattern language's
// well-known names; regexes favour atomic groups and bounded repeats so that a non-matching log
// line fails fast. Named captures inside base patterns (clientip, timestamp, ...) are the fields
// the built-in log classifiers report.
#include <array>

#include "formats/grok.h"

namespace sluice::formats {
namespace {

constexpr auto kBasePatterns = std::to_array<GrokPatternDefinition>({
    // Basics.
    {"USERNAME", R"re([a-zA-Z0-9._-]+)re"},
    {"USER", R"re(%{USERNAME})re"},
    {"EMAILLOCALPART", R"re([a-zA-Z0-9!#$%&'*+/=?^_`|~-]+(?:\.[a-zA-Z0-9!#$%&'*+/=?^_`|~-]+)*)re"},
    {"EMAILADDRESS", R"re(%{EMAILLOCALPART}@%{HOSTNAME})re"},
    {"INT", R"re((?:[+-]?[0-9]+))re"},
    {"BASE10NUM", R"re((?<![0-9.+-])(?>[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)))re"},
    {"NUMBER", R"re((?:%{BASE10NUM}))re"},
    {"BASE16NUM", R"re((?<![0-9A-Fa-f])(?:[+-]?(?:0x)?[0-9A-Fa-f]+))re"},
    {"BASE16FLOAT",
     R"re(\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+(?:\.[0-9A-Fa-f]*)?|\.[0-9A-Fa-f]+))\b)re"},
    {"POSINT", R"re(\b(?:[1-9][0-9]*)\b)re"},
    {"NONNEGINT", R"re(\b(?:[0-9]+)\b)re"},
    {"BOOLEAN", R"re((?i:true|false))re"},
    {"WORD", R"re(\b\w+\b)re"},
    {"NOTSPACE", R"re(\S+)re"},
    {"SPACE", R"re(\s*)re"},
    {"DATA", R"re(.*?)re"},
    {"GREEDYDATA", R"re(.*)re"},
    {"QUOTEDSTRING",
     R"re((?>(?<!\\)(?>"(?>\\.|[^\\"]+)+"|""|'(?>\\.|[^\\']+)+'|''|`(?>\\.|[^\\`]+)+`|``)))re"},
    {"QS", R"re(%{QUOTEDSTRING})re"},
    {"UUID", R"re([A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12})re"},

    // Networking.
    {"CISCOMAC", R"re((?:(?:[A-Fa-f0-9]{4}\.){2}[A-Fa-f0-9]{4}))re"},
    {"WINDOWSMAC", R"re((?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2}))re"},
    {"COMMONMAC", R"re((?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2}))re"},
    {"MAC", R"re((?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC}))re"},
    {"IPV4OCTET", R"re((?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))re"},
    {"IPV4", R"re((?<![0-9])(?:%{IPV4OCTET}\.){3}%{IPV4OCTET}(?![0-9]))re"},
    // The RFC 4291 text forms: full, each "::" compression, and an embedded IPv4 tail; an
    // optional zone ("%eth0"). Forms with an IPv4 tail come first so that they win over a
    // shorter hex-only prefix.
    {"IPV6H16", R"re([0-9A-Fa-f]{1,4})re"},
    {"IPV6", R"re((?:(?:%{IPV6H16}:){6}%{IPV4})re"
             R"re(|::(?:%{IPV6H16}:){0,5}%{IPV4})re"
             R"re(|(?:%{IPV6H16}:){1,5}:(?:%{IPV6H16}:){0,4}%{IPV4})re"
             R"re(|(?:%{IPV6H16}:){7}%{IPV6H16})re"
             R"re(|(?:%{IPV6H16}:){1,6}(?::%{IPV6H16}){1,6})re"
             R"re(|(?:%{IPV6H16}:){1,7}:)re"
             R"re(|:(?::%{IPV6H16}){1,7})re"
             R"re(|::))re"
             R"re((?:%[0-9A-Za-z]+)?(?![0-9A-Fa-f:]))re"},
    {"IP", R"re((?:%{IPV6}|%{IPV4}))re"},
    {"HOSTNAME",
     R"re(\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\.?|\b))re"},
    {"HOST", R"re(%{HOSTNAME})re"},
    {"IPORHOST", R"re((?:%{IP}|%{HOSTNAME}))re"},
    {"HOSTPORT", R"re(%{IPORHOST}:%{POSINT})re"},

    // Paths and URIs.
    {"UNIXPATH", R"re((?>/(?:[\w%!$@:.,+~-]|\\.)*)+)re"},
    {"TTY", R"re((?:/dev/(?:pts|tty[pq]?)(?:\w+)?/?[0-9]+))re"},
    {"WINPATH", R"re((?>[A-Za-z]+:|\\)(?:\\[^\\?*]*)+)re"},
    {"PATH", R"re((?:%{UNIXPATH}|%{WINPATH}))re"},
    {"URIPROTO", R"re([A-Za-z][A-Za-z0-9+.-]*)re"},
    {"URIHOST", R"re((?:\[%{IPV6}\]|%{IPORHOST})(?::%{POSINT})?)re"},
    {"URIPATH", R"re((?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\-]*)+)re"},
    {"URIPARAM", R"re(\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\-\[\]<>]*)re"},
    {"URIPATHPARAM", R"re(%{URIPATH}(?:%{URIPARAM})?)re"},
    {"URI", R"re(%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?)re"},

    // Dates and times.
    {"MONTH",
     R"re(\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?)re"
     R"re(|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?)re"
     R"re(|[Dd]ec(?:ember)?)\b)re"},
    {"MONTHNUM", R"re((?:0?[1-9]|1[0-2]))re"},
    {"MONTHNUM2", R"re((?:0[1-9]|1[0-2]))re"},
    {"MONTHDAY", R"re((?:0[1-9]|[12][0-9]|3[01]|[1-9]))re"},
    {"DAY",
     R"re((?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?)re"
     R"re(|Sun(?:day)?))re"},
    {"YEAR", R"re((?>[0-9][0-9]){1,2})re"},
    {"HOUR", R"re((?:2[0-3]|[01]?[0-9]))re"},
    {"MINUTE", R"re((?:[0-5][0-9]))re"},
    {"SECOND", R"re((?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?))re"},
    {"TIME", R"re((?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9]))re"},
    {"DATE_US", R"re(%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR})re"},
    {"DATE_EU", R"re(%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR})re"},
    {"DATE", R"re(%{DATE_US}|%{DATE_EU})re"},
    {"DATESTAMP", R"re(%{DATE}[- ]%{TIME})re"},
    {"ISO8601_TIMEZONE", R"re((?:Z|[+-]%{HOUR}(?::?%{MINUTE})))re"},
    {"ISO8601_SECOND", R"re((?:%{SECOND}|60))re"},
    {"TIMESTAMP_ISO8601",
     R"re(%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?)re"},
    {"TZ", R"re((?:[APMCE][SD]T|UTC|GMT))re"},
    {"DATESTAMP_RFC822", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ})re"},
    {"DATESTAMP_RFC2822",
     R"re(%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE})re"},
    {"DATESTAMP_OTHER", R"re(%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR})re"},
    {"DATESTAMP_EVENTLOG", R"re(%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND})re"},
    {"HTTPDATE", R"re(%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT})re"},
    {"SYSLOGTIMESTAMP", R"re(%{MONTH} +%{MONTHDAY} %{TIME})re"},
    {"CISCOTIMESTAMP", R"re(%{MONTH} %{MONTHDAY} %{TIME})re"},

    // Syslog.
    {"PROG", R"re([\x21-\x5a\x5c\x5e-\x7e]+)re"},
    {"SYSLOGPROG", R"re(%{PROG:program}(?:\[%{POSINT:pid}\])?)re"},
    {"SYSLOGHOST", R"re(%{IPORHOST})re"},
    {"SYSLOGFACILITY", R"re(<%{NONNEGINT:facility}.%{NONNEGINT:priority}>)re"},
    {"SYSLOGBASE",
     R"re(%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:)re"},
    {"MESSAGESLOG", R"re(%{SYSLOGBASE} %{DATA})re"},
    {"LOGLEVEL",
     R"re((?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo|INFO)re"
     R"re(|[Ww]arn(?:ing)?|WARN(?:ING)?|[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?)re"
     R"re(|[Ff]atal|FATAL|[Ss]evere|SEVERE|[Ee]merg(?:ency)?|EMERG(?:ENCY)?))re"},
    // "[   12.345678] message" after "kernel:", the uptime being optional.
    {"LINUXKERNELLOG", R"re(%{SYSLOGTIMESTAMP:timestamp} %{SYSLOGHOST:logsource} kernel: )re"
                       R"re((?:\[\s*%{BASE10NUM:uptime}\] ?)?%{GREEDYDATA:message})re"},

    // Web servers.
    {"HTTPREQUEST",
     R"re((?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest}))re"},
    {"COMMONAPACHELOG",
     R"re(%{IPORHOST:clientip} %{USER:ident} %{USER:auth} \[%{HTTPDATE:timestamp}\] )re"
     R"re("%{HTTPREQUEST}" %{NUMBER:response} (?:%{NUMBER:bytes}|-))re"},
    {"COMBINEDAPACHELOG", R"re(%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent})re"},
    {"COMMONAPACHELOG_DATATYPED",
     R"re(%{IPORHOST:clientip} %{USER:ident} %{USER:auth} \[%{HTTPDATE:timestamp}\] )re"
     R"re("(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion:float})?)re"
     R"re(|%{DATA:rawrequest})" %{NUMBER:response:int} (?:%{NUMBER:bytes:int}|-))re"},

    // Ruby's Logger default format: "I, [2024-01-15T10:00:00.123456 #42]  INFO -- app: text".
    {"RUBY_LOGLEVEL", R"re((?:DEBUG|FATAL|ERROR|WARN|INFO|UNKNOWN|ANY))re"},
    {"RUBY_LOGGER", R"re([DFEWIUA], \[%{TIMESTAMP_ISO8601:timestamp} #%{POSINT:pid}\] *)re"
                    R"re(%{RUBY_LOGLEVEL:loglevel} -- +%{DATA:progname}: %{GREEDYDATA:message})re"},

    // Squid 3.x native access log: "time elapsed client code/status bytes method URL user
    // hierarchy/peer type".
    {"SQUID3",
     R"re(%{NUMBER:timestamp}\s+%{NUMBER:duration} %{IP:client_address} )re"
     R"re(%{WORD:cache_result}/%{NONNEGINT:status_code} %{NUMBER:bytes} %{WORD:request_method} )re"
     R"re(%{NOTSPACE:url} (?:%{NOTSPACE:user}|-) %{WORD:hierarchy_code}/(?:%{IPORHOST:server}|-) )re"
     R"re(%{NOTSPACE:content_type})re"},

    // Redis server log, before 3.0 ("[pid] 14 Nov 07:01:22.119 * text") and after
    // ("pid:role 14 Nov 2023 07:01:22.119 * text").
    {"REDISTIMESTAMP", R"re(%{MONTHDAY} %{MONTH}(?: %{YEAR})? %{TIME})re"},
    {"REDISLOG", R"re((?:\[%{POSINT:pid}\]|%{POSINT:pid}:[XCSM]) %{REDISTIMESTAMP:timestamp} )re"
                 R"re([.*#-] %{GREEDYDATA:message})re"},
});

}  // namespace

std::span<const GrokPatternDefinition> BaseGrokPatterns() { return kBasePatterns; }

}  // namespace sluice::formats
