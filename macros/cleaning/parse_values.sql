{#- Text -> UTC timestamp, NULL when missing or not in the grammar of decision D3:
    YYYY-MM-DD (midnight UTC) or YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|+HH:MM|-HH:MM] with
    hours 00-23, minutes and seconds 00-59 and an offset below 24:00; no offset means UTC.
    Impossible calendar dates (2024-02-30) are NULL too. -#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'customer_engagement')(column)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    {%- set text = clean_text(column) -%}
    {%- set date_part = '^[0-9]{4}-[0-9]{2}-[0-9]{2}' -%}
    {%- set time_part = '[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,6})?' -%}
    {%- set offset_part = '[+-]([01][0-9]|2[0-3]):[0-5][0-9]$' -%}
    {{ cast_to_utc_timestamp(
        "case
            when " ~ regex_matches(text, date_part ~ '$') ~ "
                then " ~ text ~ " || ' 00:00:00+00:00'
            when " ~ regex_matches(text, date_part ~ time_part ~ '$') ~ "
                then replace(" ~ text ~ ", 'T', ' ') || '+00:00'
            when " ~ regex_matches(text, date_part ~ time_part ~ 'Z$') ~ "
                then replace(replace(" ~ text ~ ", 'T', ' '), 'Z', '+00:00')
            when " ~ regex_matches(text, date_part ~ time_part ~ offset_part) ~ "
                then replace(" ~ text ~ ", 'T', ' ')
        end") }}
{%- endmacro %}


{#- Spark: the same regex cases (a scalar subquery cannot read an outer column). -#}
{% macro spark__parse_timestamp(column) -%}
    {{ duckdb__parse_timestamp(column) }}
{%- endmacro %}


{#- The same grammar in one regex and one calendar check per value: PostgreSQL evaluates
    the expression again at every reference of the parsed column (CTEs are inlined), and
    its regex engine is slow. Offsets are subtracted in minutes (PostgreSQL refuses
    offsets beyond 15:59), year 0000 is 1 BC as in DuckDB. -#}
{% macro default__parse_timestamp(column) -%}
    {%- set pattern = '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5]'
        ~ '[0-9]([.][0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?)?$' -%}
    {%- set has_offset -%}
        (length(timestamp_text) > 19
            and substr(timestamp_text, length(timestamp_text) - 5, 1) in ('+', '-'))
    {%- endset -%}
    {%- set local_text -%}
        replace(case
            when length(timestamp_text) = 10 then timestamp_text || ' 00:00:00'
            when substr(timestamp_text, length(timestamp_text), 1) = 'Z'
                then substr(timestamp_text, 1, length(timestamp_text) - 1)
            when {{ has_offset }} then substr(timestamp_text, 1, length(timestamp_text) - 6)
            else timestamp_text
        end, 'T', ' ')
    {%- endset -%}
    {%- set offset_minutes -%}
        case
            when {{ has_offset }} then
                (case when substr(timestamp_text, length(timestamp_text) - 5, 1) = '-'
                    then -1 else 1 end)
                * (cast(substr(timestamp_text, length(timestamp_text) - 4, 2) as integer) * 60
                    + cast(substr(timestamp_text, length(timestamp_text) - 1, 2) as integer))
            else 0
        end
    {%- endset -%}
    (select case
        when not {{ regex_matches('timestamp_text', pattern) }} then null
        when {{ is_calendar_day_digits('timestamp_text') }}
            then {{ dbt.dateadd(
                'minute',
                '-1 * (' ~ offset_minutes ~ ')',
                'cast(' ~ bc_year_text('timestamp_text', local_text) ~ ' as timestamp)') }}
    end
    from (select {{ clean_text(column) }} as timestamp_text) as parsed_timestamp)
{%- endmacro %}


{#- 'YYYY-MM-DD HH:MM:SS[.f]+HH:MM' text (or NULL) -> timestamp in UTC without zone, NULL
    when it is no real calendar instant. -#}
{% macro cast_to_utc_timestamp(offset_text) -%}
    {{ return(adapter.dispatch('cast_to_utc_timestamp', 'customer_engagement')(offset_text)) }}
{%- endmacro %}

{#- PostgreSQL raises on an impossible day and on offsets beyond 15:59, and has no
    try_cast: the day is checked first, the local time is read without its offset and the
    offset subtracted in minutes. Independent of the session time zone. -#}
{% macro default__cast_to_utc_timestamp(offset_text) -%}
    {%- set local_text = 'substr(timestamp_text, 1, length(timestamp_text) - 6)' -%}
    {%- set offset_minutes -%}
        (case when substr(timestamp_text, length(timestamp_text) - 5, 1) = '-' then -1
            else 1 end)
        * (cast(substr(timestamp_text, length(timestamp_text) - 4, 2) as integer) * 60
            + cast(substr(timestamp_text, length(timestamp_text) - 1, 2) as integer))
    {%- endset -%}
    (select case
        when {{ is_calendar_day('substr(timestamp_text, 1, 10)') }}
            then {{ dbt.dateadd(
                'minute',
                '-1 * ' ~ offset_minutes,
                'cast(' ~ bc_year_text('timestamp_text', local_text) ~ ' as timestamp)') }}
    end
    from (select {{ offset_text }} as timestamp_text) as parsed_timestamp)
{%- endmacro %}

{#- Spark reads offsets only up to 18:00 (Java's ZoneOffset): the local time is read
    without its offset and the offset subtracted in minutes. Session time zone UTC. -#}
{% macro spark__cast_to_utc_timestamp(offset_text) -%}
    {%- set text = '(' ~ offset_text ~ ')' -%}
    timestampadd(
        MINUTE,
        -1 * (case when substr({{ text }}, length({{ text }}) - 5, 1) = '-' then -1 else 1 end)
        * (cast(substr({{ text }}, length({{ text }}) - 4, 2) as int) * 60
            + cast(substr({{ text }}, length({{ text }}) - 1, 2) as int)),
        try_cast(substr({{ text }}, 1, length({{ text }}) - 6) as timestamp)
    )
{%- endmacro %}

{% macro duckdb__cast_to_utc_timestamp(offset_text) -%}
    timezone('UTC', try_cast({{ offset_text }} as timestamptz))
{%- endmacro %}


{#- Number grammar of decision D5. -#}
{% macro number_pattern() -%}
    {{ return('^[+-]?([0-9]+([.][0-9]+)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
{%- endmacro %}

{#- The largest finite double: a number text beyond it (1e999) is not finite. -#}
{% macro max_finite_double() -%}
    1.7976931348623157e308
{%- endmacro %}

{#- True when the text is NaN or infinity (any case, optional sign), or a number too
    large for a double. -#}
{% macro is_non_finite_text(column) -%}
    (
        {{ regex_matches('lower(' ~ clean_text(column) ~ ')', '^[+-]?(nan|inf|infinity)$') }}
        or not abs({{ unbounded_number(column) }}) <= {{ max_finite_double() }}
    )
{%- endmacro %}

{#- Text in the number grammar -> double (may be infinite on overflow), else NULL. -#}
{% macro unbounded_number(column) -%}
    case
        when {{ regex_matches(clean_text(column), number_pattern()) }}
            then {{ number_text_to_double(clean_text(column)) }}
    end
{%- endmacro %}


{#- Text in the number grammar -> double; beyond the largest double it is +-infinity and
    below the smallest one 0, as DuckDB's try_cast gives. -#}
{% macro number_text_to_double(text) -%}
    {{ return(adapter.dispatch('number_text_to_double', 'customer_engagement')(text)) }}
{%- endmacro %}

{% macro duckdb__number_text_to_double(text) -%}
    {{ dbt.safe_cast(text, type_double()) }}
{%- endmacro %}

{#- Spark's cast gives +-infinity beyond the largest double and 0 below the smallest. -#}
{% macro spark__number_text_to_double(text) -%}
    try_cast({{ text }} as double)
{%- endmacro %}

{#- PostgreSQL raises on overflow and underflow: the text is read as an exact numeric
    (whose exponent must stay within +-16383) and the out-of-range ends are mapped
    first. -#}
{% macro default__number_text_to_double(text) -%}
    {%- set exponent -%}
        coalesce(cast(substring(number_text from '[eE]([+-]?[0-9]+)$') as numeric), 0)
    {%- endset -%}
    {%- set is_zero = regex_matches('number_text', '^[+-]?[0.]*([eE].*)?$') -%}
    {%- set sign = "case when substr(number_text, 1, 1) = '-' then -1 else 1 end" -%}
    (select case
        when number_text is null then null
        when {{ is_zero }} then cast(0 as {{ type_double() }})
        when {{ exponent }} > 10000
            then {{ sign }} * cast('Infinity' as {{ type_double() }})
        when {{ exponent }} < -10000 then cast(0 as {{ type_double() }})
        when abs(cast(number_text as numeric)) > {{ max_finite_double() }}
            then {{ sign }} * cast('Infinity' as {{ type_double() }})
        when abs(cast(number_text as numeric)) < 2.4703282292062328e-324
            then cast(0 as {{ type_double() }})
        else cast(cast(number_text as numeric) as {{ type_double() }})
    end
    from (select {{ text }} as number_text) as parsed_number)
{%- endmacro %}

{#- Text -> double, NULL when missing, not a number, or not finite. -#}
{% macro parse_number(column) -%}
    case
        when abs({{ unbounded_number(column) }}) <= {{ max_finite_double() }}
            then {{ unbounded_number(column) }}
    end
{%- endmacro %}


{#- A UTC timestamp -> the date in reporting_timezone. -#}
{% macro to_reporting_date(timestamp_column) -%}
    {%- set timezone = var('reporting_timezone') -%}
    {%- if timezone in ['UTC', 'Etc/UTC'] -%}
        cast({{ timestamp_column }} as date)
    {%- else -%}
        {{ adapter.dispatch('to_reporting_date', 'customer_engagement')(
            timestamp_column, timezone) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__to_reporting_date(timestamp_column, timezone) -%}
    cast(
        ({{ timestamp_column }} at time zone 'UTC')
        at time zone {{ sql_string_literal(timezone) }}
        as date
    )
{%- endmacro %}

{% macro spark__to_reporting_date(timestamp_column, timezone) -%}
    cast(from_utc_timestamp({{ timestamp_column }}, {{ sql_string_literal(timezone) }}) as date)
{%- endmacro %}

{% macro duckdb__to_reporting_date(timestamp_column, timezone) -%}
    cast(
        timezone({{ sql_string_literal(timezone) }}, timezone('UTC', {{ timestamp_column }}))
        as date
    )
{%- endmacro %}
