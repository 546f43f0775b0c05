{#- The raw sources the project reads, their columns in contract order (SPEC §1) and which
    are required, and its clean staging model (`<model>_validated` holds every raw row,
    `<model>_rejected` the rejected ones). A source is listed once its staging exists. -#}
{% macro raw_source_contract() -%}
    {{ return({
        'customers': {
            'columns': ['customer_id', 'email', 'signed_up_at', 'country', 'segment',
                        'acquisition_channel'],
            'required': ['customer_id'],
            'model': 'stg_crm__customers',
        },
        'events': {
            'columns': ['event_id', 'anonymous_id', 'customer_id', 'event_name',
                        'occurred_at', 'page_url', 'referrer_url', 'utm_source',
                        'utm_medium', 'utm_campaign', 'device_type', 'user_agent'],
            'required': ['event_id', 'event_name', 'occurred_at'],
            'model': 'stg_app__events',
        },
        'survey_responses': {
            'columns': ['response_id', 'customer_id', 'survey_type', 'score', 'channel',
                        'touchpoint', 'responded_at', 'comment'],
            'required': ['response_id', 'survey_type', 'score', 'responded_at'],
            'model': 'stg_surveys__survey_responses',
        },
        'search_console': {
            'columns': ['date', 'page', 'query', 'device', 'country', 'clicks',
                        'impressions', 'position'],
            'required': ['date', 'clicks', 'impressions', 'position'],
            'model': 'stg_marketing__search_console',
        },
        'campaign_performance': {
            'columns': ['date', 'channel', 'campaign', 'impressions', 'clicks'],
            'required': ['date', 'channel', 'impressions', 'clicks'],
            'model': 'stg_marketing__campaign_performance',
        },
        'orders': {
            'columns': ['order_id', 'customer_id', 'ordered_at', 'status', 'amount',
                        'currency'],
            'required': ['order_id', 'customer_id', 'ordered_at', 'status', 'amount'],
            'model': 'stg_shop__orders',
        },
        'support_tickets': {
            'columns': ['ticket_id', 'customer_id', 'channel', 'created_at',
                        'first_replied_at', 'solved_at', 'status'],
            'required': ['ticket_id', 'channel', 'created_at'],
            'model': 'stg_support__support_tickets',
        },
        'social_posts': {
            'columns': ['post_id', 'network', 'published_at', 'reach', 'impressions',
                        'likes', 'comments', 'shares', 'saves', 'clicks', 'followers'],
            'required': ['post_id', 'network', 'published_at'],
            'model': 'stg_social__social_posts',
        },
    }) }}
{%- endmacro %}
