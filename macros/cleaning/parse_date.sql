{#- Text -> date, NULL when missing, not `YYYY-MM-DD` after trimming, or no real calendar
    day (decision D301). Date-only columns (search console, campaign performance) are
    calendar days as the platform reports them: no time zone conversion. -#}
{% macro parse_date(column) -%}
    case
        when {{ regex_matches(clean_text(column), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') }}
            then {{ cast_to_date(clean_text(column)) }}
    end
{%- endmacro %}


{#- 'YYYY-MM-DD' text -> date, NULL when it is no real calendar day. -#}
{% macro cast_to_date(text) -%}
    {{ return(adapter.dispatch('cast_to_date', 'customer_engagement')(text)) }}
{%- endmacro %}

{#- PostgreSQL has no try_cast and raises on 2024-02-30: the calendar day is checked
    first (scalar subquery, so the text is computed once). Year 0000 is 1 BC, as in
    DuckDB. -#}
{% macro default__cast_to_date(text) -%}
    (select case
        when {{ is_calendar_day('day_text') }}
            then cast({{ bc_year_text('day_text', 'day_text') }} as date)
    end
    from (select {{ text }} as day_text) as parsed_day)
{%- endmacro %}

{#- try_cast: NULL for 2024-02-30 whatever ANSI mode is set. -#}
{% macro spark__cast_to_date(text) -%}
    try_cast({{ text }} as date)
{%- endmacro %}

{% macro duckdb__cast_to_date(text) -%}
    try_cast({{ text }} as date)
{%- endmacro %}


{#- The standard checks of one date column, in order: missing (when required),
    unparseable, out of range (before 2000-01-01 or after the build date + 1 day). The
    parsed column is named apart from the raw one (`date` is a keyword). -#}
{% macro date_checks(column, parsed_column, required=true) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append((clean_text('raw_' ~ column) ~ ' is null', 'missing_' ~ column)) -%}
    {%- endif -%}
    {%- do checks.append((clean_text('raw_' ~ column) ~ ' is not null and ' ~ parsed_column
        ~ ' is null', 'unparseable_' ~ column)) -%}
    {%- do checks.append((parsed_column ~ " < cast('2000-01-01' as date) or "
        ~ parsed_column ~ ' > ' ~ latest_valid_date(), column ~ '_out_of_range')) -%}
    {{ return(checks) }}
{%- endmacro %}


{#- True when `text` is a real calendar day written YYYY-MM-DD (proleptic Gregorian, so
    0000 is a leap year), false otherwise (NULL for NULL). Never raises. -#}
{% macro is_calendar_day(text) -%}
    case
        when {{ regex_matches(text,
            '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$') }}
            then cast(substr({{ text }}, 9, 2) as integer)
                <= {{ days_in_month_of_date_text(text) }}
        else false
    end
{%- endmacro %}


{#- The number of days in the month of `text`, a text starting YYYY-MM with a valid
    month (proleptic Gregorian, so 0000 is a leap year). -#}
{% macro days_in_month_of_date_text(text) -%}
    case
        when substr({{ text }}, 6, 2) in ('04', '06', '09', '11') then 30
        when substr({{ text }}, 6, 2) <> '02' then 31
        when mod(cast(substr({{ text }}, 1, 4) as integer), 4) = 0
            and (mod(cast(substr({{ text }}, 1, 4) as integer), 100) <> 0
                or mod(cast(substr({{ text }}, 1, 4) as integer), 400) = 0)
            then 29
        else 28
    end
{%- endmacro %}


{#- `local_text` (a date or timestamp text starting with the 4-digit year of `text`) as
    the engines without a year 0 read it: year 0000 becomes '0001 ... BC' (DuckDB reads
    year 0 as 1 BC). -#}
{% macro bc_year_text(text, local_text) -%}
    case
        when substr({{ text }}, 1, 4) = '0000'
            then '0001' || substr({{ local_text }}, 5) || ' BC'
        else {{ local_text }}
    end
{%- endmacro %}


{#- True when the first ten characters of `text`, known to be digits in the shape
    YYYY-MM-DD, are a real calendar day. No regex: for the hot timestamp parser. -#}
{% macro is_calendar_day_digits(text) -%}
    case
        when substr({{ text }}, 6, 2) between '01' and '12'
            and substr({{ text }}, 9, 2) >= '01'
            then cast(substr({{ text }}, 9, 2) as integer)
                <= {{ days_in_month_of_date_text(text) }}
        else false
    end
{%- endmacro %}
