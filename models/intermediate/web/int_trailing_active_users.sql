{#- Trailing active users (SPEC §5): for every day of the date spine, the distinct users
    active in the 7 days (wau) and the 28 days (mau) ending on that day, overall and per
    device_type and customer_segment. Computed by joining the spine to the daily user
    activity, never with window frames over sparse rows. -#}

{%- set breakdowns = ['device_type', 'customer_segment'] %}

with

days as (

    select date_day from {{ ref('all_days') }}

),

user_days as (

    select * from {{ ref('int_user_days_active') }}

),

in_window as (

    select
        days.date_day,
        user_days.user_key,
        {%- for breakdown in breakdowns %}
            user_days.{{ breakdown }},
        {%- endfor %}
        user_days.activity_date
        > cast({{ dbt.dateadd('day', -7, 'days.date_day') }} as date) as is_in_week
    from days
    inner join user_days
        on
            days.date_day >= user_days.activity_date
            and cast({{ dbt.dateadd('day', -28, 'days.date_day') }} as date)
            < user_days.activity_date

),

windows_counted as (

    {% for breakdown in ['overall'] + breakdowns -%}
        select
            date_day,
            '{{ breakdown }}' as breakdown,
            {% if breakdown == 'overall' -%}
                'all'
            {%- else -%}
                coalesce({{ breakdown }}, 'unknown')
            {%- endif %} as breakdown_value,
            count(distinct case when is_in_week then user_key end) as wau,
            count(distinct user_key) as mau
        from in_window
        group by 1, 2, 3
        {{ 'union all' if not loop.last }}
    {% endfor %}

)

select * from windows_counted
