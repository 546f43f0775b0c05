{#- Runs in on-run-start: checks every var and, with raw_data_dir set, every raw file, and
    stops the run with a message naming the problem before any model runs. -#}
{% macro validate_config() -%}
    {%- if execute -%}
        {%- set problems = config_problems() -%}
        {%- if problems -%}
            {{ exceptions.raise_compiler_error(
                "Invalid configuration:\n  - " ~ (problems | join("\n  - "))) }}
        {%- endif -%}
        {%- if var('raw_data_dir', none) is not none -%}
            {%- for source_name in raw_source_contract() -%}
                {%- set found = raw_files(source_name) -%}
                {%- do raw_file_columns(source_name, found) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    select 1 as config_is_valid
{%- endmacro %}


{#- A list of messages, one per var that is set wrongly. -#}
{% macro config_problems() -%}
    {%- set problems = [] -%}

    {%- set timezone = var('reporting_timezone') -%}
    {%- if timezone is not string or not timezone_exists(timezone) -%}
        {%- do problems.append("reporting_timezone: unknown time zone '" ~ timezone
            ~ "' (use an IANA name such as 'UTC' or 'Europe/Berlin')") -%}
    {%- endif -%}

    {%- for name in ['session_timeout_minutes', 'churn_inactivity_days',
                     'expected_lifespan_years'] -%}
        {%- set value = var(name) -%}
        {%- if value is not number or value is boolean or value <= 0 -%}
            {%- do problems.append(name ~ ": must be a number greater than 0, got '"
                ~ value ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set churn_days = var('churn_inactivity_days') -%}
    {%- if churn_days is number and churn_days != (churn_days | int) -%}
        {%- do problems.append("churn_inactivity_days: must be a whole number of days, got '"
            ~ churn_days ~ "'") -%}
    {%- endif -%}

    {%- set events = var('conversion_events') -%}
    {%- if events is string or events is not iterable or events is mapping
        or (events | length) == 0 -%}
        {%- do problems.append("conversion_events: must be a non-empty list of event names, "
            ~ "for example ['purchase', 'sign_up'], got '" ~ events ~ "'") -%}
    {%- else -%}
        {%- for event in events if event is not string
            or normalize_event_name_text(event) == '' -%}
            {%- do problems.append("conversion_events: '" ~ event
                ~ "' is not an event name") -%}
        {%- endfor -%}
    {%- endif -%}

    {%- for survey in ['nps', 'csat', 'ces'] -%}
        {%- set low = var(survey ~ '_scale_min') -%}
        {%- set high = var(survey ~ '_scale_max') -%}
        {%- if low is not integer or high is not integer or low >= high -%}
            {%- do problems.append(survey ~ "_scale_min / " ~ survey ~ "_scale_max: need "
                ~ "two whole numbers with min < max, got " ~ low ~ " and " ~ high) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for threshold, survey in [('csat_satisfied_threshold', 'csat'),
                                  ('ces_agree_threshold', 'ces')] -%}
        {%- set value = var(threshold) -%}
        {%- if value is not number or value < var(survey ~ '_scale_min')
            or value > var(survey ~ '_scale_max') -%}
            {%- do problems.append(threshold ~ ": must lie within the " ~ survey
                ~ " scale, got '" ~ value ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if var('ces_direction') not in ['agreement', 'effort'] -%}
        {%- do problems.append("ces_direction: must be 'agreement' (higher = easier, CES "
            ~ "2.0) or 'effort' (higher = more effort, reverse-coded), got '"
            ~ var('ces_direction') ~ "'") -%}
    {%- endif -%}

    {%- set currency = var('base_currency') -%}
    {%- if currency is not string or not modules.re.match('^[A-Za-z]{3}$', currency) -%}
        {%- do problems.append("base_currency: must be a three-letter ISO code, got '"
            ~ currency ~ "'") -%}
    {%- endif -%}

    {%- set as_of = var('as_of_date', none) -%}
    {%- if as_of is not none -%}
        {%- set as_of_text = as_of | string -%}
        {%- if not modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', as_of_text) -%}
            {%- do problems.append("as_of_date: must be a date YYYY-MM-DD, got '"
                ~ as_of_text ~ "'") -%}
        {%- endif -%}
    {%- endif -%}

    {%- set share = var('rejected_share_warn_threshold') -%}
    {%- if share is not number or share < 0 or share > 1 -%}
        {%- do problems.append("rejected_share_warn_threshold: must be a fraction in [0, 1], "
            ~ "got '" ~ share ~ "'") -%}
    {%- endif -%}

    {%- set folder = var('raw_data_dir', none) -%}
    {%- if folder is not none and not raw_data_dir_exists(folder | string) -%}
        {%- do problems.append("raw_data_dir: folder '" ~ folder
            ~ "' does not exist or holds no files") -%}
    {%- endif -%}

    {%- set memory_limit = duckdb_memory_limit() -%}
    {%- if memory_limit != ''
        and not modules.re.fullmatch('(?i)[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B', memory_limit) -%}
        {%- do problems.append("DBT_DUCKDB_MEMORY_LIMIT: '" ~ memory_limit ~ "' is not an "
            ~ "amount of memory such as '14GB' or '12GiB' (units KB, MB, GB, TB or KiB, "
            ~ "MiB, GiB, TiB)") -%}
    {%- endif -%}

    {{ return(problems) }}
{%- endmacro %}


{% macro timezone_exists(timezone) -%}
    {{ return(adapter.dispatch('timezone_exists', 'customer_engagement')(timezone)) }}
{%- endmacro %}

{% macro default__timezone_exists(timezone) -%}
    {%- set query -%}
        select count(*) from pg_timezone_names where name = {{ sql_string_literal(timezone) }}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] > 0) }}
{%- endmacro %}

{#- Spark has no list of zones to query; it reads IANA names with Java's tz database,
    which holds the same names as the pytz that dbt ships. -#}
{% macro spark__timezone_exists(timezone) -%}
    {{ return(timezone in modules.pytz.all_timezones_set) }}
{%- endmacro %}

{% macro duckdb__timezone_exists(timezone) -%}
    {%- set query -%}
        select count(*) from pg_timezone_names() where name = {{ sql_string_literal(timezone) }}
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] > 0) }}
{%- endmacro %}


{% macro raw_data_dir_exists(folder) -%}
    {{ return(adapter.dispatch('raw_data_dir_exists', 'customer_engagement')(folder)) }}
{%- endmacro %}

{#- Reading raw files needs DuckDB's glob() and read_csv(): elsewhere the seeds (or
    tables loaded into schema raw) are the input, and a raw_data_dir stops the run. -#}
{% macro default__raw_data_dir_exists(folder) -%}
    {{ exceptions.raise_compiler_error(
        "Invalid configuration:\n  - raw_data_dir: reading raw files is supported on "
        ~ "DuckDB only (target '" ~ target.name ~ "' is " ~ target.type ~ "); load the "
        ~ "raw files into the tables raw.raw_<source> (dbt seed does for the demo) and "
        ~ "leave raw_data_dir unset") }}
{%- endmacro %}

{% macro duckdb__raw_data_dir_exists(folder) -%}
    {%- set query -%}
        select count(*) from glob({{ sql_string_literal(folder.rstrip('/') ~ '/*') }})
    {%- endset -%}
    {{ return(run_query(query).columns[0].values()[0] > 0) }}
{%- endmacro %}


{#- Runs in on-run-start, after validate_config (which checks the values): engine
    settings read from the environment. On DuckDB, DBT_DUCKDB_MEMORY_LIMIT (for example
    '14GB') bounds the buffer pool of the whole run; unset, DuckDB's default (80% of
    RAM) stays. DuckDB allocates some memory outside that pool, so a build near the
    machine's memory (100M events on 24 GB) needs the margin (docs/benchmarks.md). -#}
{% macro apply_engine_settings() -%}
    {{ return(adapter.dispatch('apply_engine_settings', 'customer_engagement')()) }}
{%- endmacro %}


{% macro default__apply_engine_settings() -%}
    select 1 as no_engine_settings
{%- endmacro %}


{% macro duckdb__apply_engine_settings() -%}
    {%- set memory_limit = duckdb_memory_limit() -%}
    {%- if memory_limit == '' -%}
        select 1 as no_engine_settings
    {%- else -%}
        set memory_limit = {{ sql_string_literal(memory_limit) }}
    {%- endif -%}
{%- endmacro %}


{#- DBT_DUCKDB_MEMORY_LIMIT, trimmed; '' when unset. -#}
{% macro duckdb_memory_limit() -%}
    {{ return(env_var('DBT_DUCKDB_MEMORY_LIMIT', '') | trim) }}
{%- endmacro %}
