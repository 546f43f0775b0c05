{#- Text -> UTC timestamp, NULL when missing or not in the grammar of decision D3:
    YYYY-MM-DD (midnight UTC) or YYYY-MM-DD[T ]HH:MM:SS[.ffffff][Z|+HH:MM|-HH:MM] with
    hours 00-23, minutes and seconds 00-59 and an offset below 24:00; no offset means UTC.
    Impossible calendar dates (2024-02-30) are NULL too. -#}
{% macro parse_timestamp(column) -%}
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
            then {{ dbt.safe_cast(clean_text(column), type_double()) }}
    end
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

{% macro duckdb__to_reporting_date(timestamp_column, timezone) -%}
    cast(
        timezone({{ sql_string_literal(timezone) }}, timezone('UTC', {{ timestamp_column }}))
        as date
    )
{%- endmacro %}
