-- Registers the fixture tables of tests/sql. conftest.py first uploads fixtures/ to the
-- server's built-in bucket s3://sqlfix/ (files under a folder named *_gz get gzip-compressed
-- and a .gz suffix), then runs these statements one by one through StartQueryExecution.
CREATE DATABASE sqlt;

-- CSV with a header line, unpartitioned
CREATE EXTERNAL TABLE sqlt.people (id int, name string, city string, score double, joined date,
  last_login string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION 's3://sqlfix/people/'
TBLPROPERTIES ('skip.header.line.count'='1');

-- gzip-compressed CSV with a header line (orders.csv.gz)
CREATE EXTERNAL TABLE sqlt.orders (order_id int, person_id int, amount decimal(10,2), day date)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION 's3://sqlfix/orders_gz/'
TBLPROPERTIES ('skip.header.line.count'='1');

-- Hive-style partitions year=YYYY/month=MM/, found by MSCK REPAIR TABLE
CREATE EXTERNAL TABLE sqlt.sales (sale_id int, item string, qty int, price double)
PARTITIONED BY (year int, month string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
STORED AS TEXTFILE
LOCATION 's3://sqlfix/sales/'
TBLPROPERTIES ('skip.header.line.count'='1');

MSCK REPAIR TABLE sqlt.sales;

-- headerless pipe-delimited text in plain folders YYYY/MM/, partitions added with LOCATION;
-- logs/2024/03/ is deliberately not registered
CREATE EXTERNAL TABLE sqlt.logs (ts string, level string, msg string, ms int)
PARTITIONED BY (year string, month string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '|'
STORED AS TEXTFILE
LOCATION 's3://sqlfix/logs/';

ALTER TABLE sqlt.logs ADD
  PARTITION (year='2023', month='12') LOCATION 's3://sqlfix/logs/2023/12/'
  PARTITION (year='2024', month='01') LOCATION 's3://sqlfix/logs/2024/01/'
  PARTITION (year='2024', month='02') LOCATION 's3://sqlfix/logs/2024/02/';

-- a partition folder dt=__HIVE_DEFAULT_PARTITION__ (a NULL key)
CREATE EXTERNAL TABLE sqlt.visits (visit_id int, page string)
PARTITIONED BY (dt string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY ','
LOCATION 's3://sqlfix/visits/';

MSCK REPAIR TABLE sqlt.visits;

-- JSON lines with a nested object, an array and a map
CREATE EXTERNAL TABLE sqlt.events (id int, username string,
  attrs struct<score:double,level:string>, tags array<string>, props map<string,string>)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://sqlfix/events/';

-- JSON whose keys are not lowercase (the OpenX SerDe ignores case by default)
CREATE EXTERNAL TABLE sqlt.events_mixed (id int, username string, tags array<string>)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://sqlfix/events_mixed/';

-- quoted CSV read by OpenCSVSerde
CREATE EXTERNAL TABLE sqlt.quotes (id int, name string, note string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='"', 'escapeChar'='\\')
STORED AS TEXTFILE
LOCATION 's3://sqlfix/quotes/'
TBLPROPERTIES ('skip.header.line.count'='1');

-- OpenCSVSerde with escapeChar and a doubled quote inside quotes (known_gaps.test)
CREATE EXTERNAL TABLE sqlt.quotes_dq (id int, note string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'
WITH SERDEPROPERTIES ('separatorChar'=',', 'quoteChar'='"', 'escapeChar'='\\')
LOCATION 's3://sqlfix/quotes_dq/'
TBLPROPERTIES ('skip.header.line.count'='1');

-- Parquet written by CTAS, partitioned by year (the partition column last)
CREATE TABLE sqlt.sales_pq WITH (format='PARQUET', external_location='s3://sqlfix/ctas/sales_pq/',
  partitioned_by=ARRAY['year'])
AS SELECT sale_id, item, qty * price AS revenue, month, year FROM sqlt.sales;

-- Parquet schema drift: two CTAS outputs with different columns become two partitions of drift
CREATE TABLE sqlt.drift_a WITH (format='PARQUET', external_location='s3://sqlfix/drift/a/')
AS SELECT CAST(id AS int) AS id, CAST(name AS varchar) AS name
FROM (VALUES (1, 'one'), (2, 'two')) AS t(id, name);

CREATE TABLE sqlt.drift_b WITH (format='PARQUET', external_location='s3://sqlfix/drift/b/')
AS SELECT CAST(id AS bigint) AS id, CAST(name AS varchar) AS name, CAST(extra AS double) AS extra
FROM (VALUES (3, 'three', 0.5), (4, 'four', NULL)) AS t(id, name, extra);

CREATE EXTERNAL TABLE sqlt.drift (id bigint, name string, extra double)
PARTITIONED BY (batch string)
STORED AS PARQUET
LOCATION 's3://sqlfix/drift/';

ALTER TABLE sqlt.drift ADD
  PARTITION (batch='a') LOCATION 's3://sqlfix/drift/a/'
  PARTITION (batch='b') LOCATION 's3://sqlfix/drift/b/';

-- ORC: Athena reads it, Sluice refuses it (known_gaps.test); the location holds no files
CREATE EXTERNAL TABLE sqlt.orc_t (id int)
STORED AS ORC
LOCATION 's3://sqlfix/orc/';

-- a SerDe no engine knows: reading it fails (errors.test)
CREATE EXTERNAL TABLE sqlt.mystery (id int)
ROW FORMAT SERDE 'com.example.NoSuchSerDe'
STORED AS INPUTFORMAT 'com.example.NoSuchInputFormat'
OUTPUTFORMAT 'com.example.NoSuchOutputFormat'
LOCATION 's3://sqlfix/people/';
