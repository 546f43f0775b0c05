{#- The first failing check names the rejection (decision D6). `checks` is a list of
    (condition that means the row is bad, reason) pairs, in order. -#}
{% macro first_failing_check(checks) -%}
    case
    {%- for condition, reason in checks %}
        when {{ condition }} then {{ sql_string_literal(reason) }}
    {%- endfor %}
    end
{%- endmacro %}


{#- The standard checks of one timestamp column, in order: missing (when required),
    unparseable, out of range (decision D4). -#}
{% macro timestamp_checks(column, required=true) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append((clean_text('raw_' ~ column) ~ ' is null', 'missing_' ~ column)) -%}
    {%- endif -%}
    {%- do checks.append((clean_text('raw_' ~ column) ~ ' is not null and ' ~ column
        ~ ' is null', 'unparseable_' ~ column)) -%}
    {%- do checks.append((column ~ ' < ' ~ earliest_valid_timestamp() ~ ' or cast('
        ~ column ~ ' as date) > ' ~ latest_valid_date(), column ~ '_out_of_range')) -%}
    {{ return(checks) }}
{%- endmacro %}


{#- The standard checks of one numeric column: missing (when required), non-finite,
    unparseable, then non-integer, negative and above `max_value` as asked. -#}
{% macro number_checks(column, required=true, integer=false, non_negative=false,
                       max_value=none) -%}
    {%- set checks = [] -%}
    {%- set text = clean_text('raw_' ~ column) -%}
    {%- if required -%}
        {%- do checks.append((text ~ ' is null', 'missing_' ~ column)) -%}
    {%- endif -%}
    {%- do checks.append((is_non_finite_text('raw_' ~ column), 'non_finite_' ~ column)) -%}
    {%- do checks.append((text ~ ' is not null and ' ~ column ~ ' is null',
        'unparseable_' ~ column)) -%}
    {%- if integer -%}
        {%- do checks.append((has_fraction(column), 'non_integer_' ~ column)) -%}
    {%- endif -%}
    {%- if non_negative -%}
        {%- do checks.append((column ~ ' < 0', 'negative_' ~ column)) -%}
    {%- endif -%}
    {%- if max_value is not none -%}
        {%- do checks.append((column ~ ' > ' ~ max_value, column ~ '_out_of_range')) -%}
    {%- endif -%}
    {{ return(checks) }}
{%- endmacro %}


{#- True when a finite double has a fractional part. -#}
{% macro has_fraction(column) -%}
    {{ return(adapter.dispatch('has_fraction', 'customer_engagement')(column)) }}
{%- endmacro %}

{% macro default__has_fraction(column) -%}
    {{ column }} <> floor({{ column }})
{%- endmacro %}

{#- Spark's floor() of a double is a bigint, which 1e308 overflows: the remainder. -#}
{% macro spark__has_fraction(column) -%}
    {{ column }} % 1 <> 0
{%- endmacro %}


{#- The largest count a raw file may hold (decision D1201): 10^12, so that a count and
    the sums of many of them fit in a bigint (a finite 1e308 does not). -#}
{% macro max_count() -%}
    {{ return(1000000000000) }}
{%- endmacro %}


{% macro earliest_valid_timestamp() -%}
    cast('2000-01-01 00:00:00' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- The build date + 1 day. -#}
{% macro latest_valid_date() -%}
    cast({{ dbt.dateadd('day', 1, 'current_date') }} as date)
{%- endmacro %}


{#- md5 of the raw columns in contract order, NULL as '', joined with '|' (decision D7). -#}
{% macro row_hash(columns, relation_alias='raw') -%}
    {%- set parts = [] -%}
    {%- for column in columns -%}
        {%- do parts.append('coalesce(' ~ relation_alias ~ '.' ~ column ~ ", '')") -%}
        {%- if not loop.last %}{% do parts.append("'|'") %}{% endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}


{#- 1 for the row kept within its natural key, 2.. for duplicates; NULL for rejected rows.
    Valid rows only are ranked, so a rejected row never hides a valid one (decision D7). -#}
{% macro keep_rank(key_columns, order_by) -%}
    case
        when rejection_reason is null then row_number() over (
            partition by rejection_reason is null, {{ key_columns | join(', ') }}
            order by {{ order_by }}
        )
    end
{%- endmacro %}
