{#- Text -> UTC timestamp, NULL when missing or not in the grammar of decision D3:
    YYYY-MM-DD (midnight UTC) or YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|+HH:MM|-HH:MM];
    no offset means UTC. -#}
{% macro parse_timestamp(column) -%}
    {%- set text = clean_text(column) -%}
    {%- set date_part = '^[0-9]{4}-[0-9]{2}-[0-9]{2}' -%}
    {%- set time_part = '[T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?' -%}
    {{ cast_to_utc_timestamp(
        "case
            when " ~ regex_matches(text, date_part ~ '$') ~ "
                then " ~ text ~ " || ' 00:00:00+00:00'
            when " ~ regex_matches(text, date_part ~ time_part ~ '$') ~ "
                then replace(" ~ text ~ ", 'T', ' ') || '+00:00'
            when " ~ regex_matches(text, date_part ~ time_part ~ 'Z$') ~ "
                then replace(replace(" ~ text ~ ", 'T', ' '), 'Z', '+00:00')
            when " ~ regex_matches(text, date_part ~ time_part ~ '[+-][0-9]{2}:[0-9]{2}$') ~ "
                then replace(" ~ text ~ ", 'T', ' ')
        end") }}
{%- endmacro %}


{#- 'YYYY-MM-DD HH:MM:SS[.f]+HH:MM' text (or NULL) -> timestamp in UTC without zone, NULL
    when it is no real calendar instant. -#}
{% macro cast_to_utc_timestamp(offset_text) -%}
    {{ return(adapter.dispatch('cast_to_utc_timestamp', 'customer_engagement')(offset_text)) }}
{%- endmacro %}

{% macro default__cast_to_utc_timestamp(offset_text) -%}
    cast(cast({{ offset_text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
{%- endmacro %}

{% macro duckdb__cast_to_utc_timestamp(offset_text) -%}
    timezone('UTC', try_cast({{ offset_text }} as timestamptz))
{%- endmacro %}


{#- Number grammar of decision D5. -#}
{% macro number_pattern() -%}
    {{ return('^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
{%- endmacro %}

{% macro is_non_finite_text(column) -%}
    {{ regex_matches('lower(' ~ clean_text(column) ~ ')', '^[+-]?(nan|inf|infinity)$') }}
{%- endmacro %}

{#- Text -> double, NULL when missing, not a number, or not finite. -#}
{% macro parse_number(column) -%}
    case
        when {{ regex_matches(clean_text(column), number_pattern()) }}
            then {{ dbt.safe_cast(clean_text(column), type_double()) }}
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

{% macro duckdb__to_reporting_date(timestamp_column, timezone) -%}
    cast(
        timezone({{ sql_string_literal(timezone) }}, timezone('UTC', {{ timestamp_column }}))
        as date
    )
{%- endmacro %}
