"""Names vulture cannot see being used: Django, DRF, gunicorn and PyAV read them by name or by convention.

Generated with `vulture --make-whitelist` (settings in pyproject.toml) and pruned: only names a framework uses
are here. A name listed once is whitelisted everywhere, so add a name only when a framework reads it; remove
dead code instead of listing it.
"""
# ruff: noqa

# accounts: admin, app config, auth backend, commands, model fields and choices, serializers, views
list_display  # unused variable (accounts/admin.py:26)
list_filter  # unused variable (accounts/admin.py:27)
search_fields  # unused variable (accounts/admin.py:28)
show_full_result_count  # unused variable (accounts/admin.py:29)
actions  # unused variable (accounts/admin.py:30)
readonly_fields  # unused variable (accounts/admin.py:31)
_.delete_queryset  # unused method (accounts/admin.py:48)
AccountsConfig  # unused class (accounts/apps.py:4)
default_auto_field  # unused variable (accounts/apps.py:6)
UsernameOrEmailBackend  # unused class (accounts/backends.py:8)
Command  # unused class (accounts/management/commands/ensure_demo_user.py:8)
help  # unused variable (accounts/management/commands/ensure_demo_user.py:9)
_.is_staff  # unused attribute (accounts/management/commands/ensure_demo_user.py:15)
_.is_superuser  # unused attribute (accounts/management/commands/ensure_demo_user.py:16)
PRO  # unused variable (accounts/models.py:11)
ENTERPRISE  # unused variable (accounts/models.py:12)
_.get_by_natural_key  # unused method (accounts/models.py:22)
credits_remaining  # unused variable (accounts/models.py:36)
profile_reset_at  # unused variable (accounts/models.py:43)
updated_at  # unused variable (accounts/models.py:46)
Meta  # unused class (accounts/models.py:50)
constraints  # unused variable (accounts/models.py:52)
read_only_fields  # unused variable (accounts/serializers.py:28)
_.validate_email  # unused method (accounts/serializers.py:30)
_.validate_username  # unused method (accounts/serializers.py:42)
permission_classes  # unused variable (accounts/views.py:20)
authentication_classes  # unused variable (accounts/views.py:21)
serializer_class  # unused variable (accounts/views.py:57)
http_method_names  # unused variable (accounts/views.py:58)
_.perform_update  # unused method (accounts/views.py:63)

# benchmarks: the plain ModelAdmin it compares against, the throttle site's views
change_list_template  # unused variable (benchmarks/admin_scale.py:94)
change_form_template  # unused variable (benchmarks/admin_scale.py:95)
throttle_classes  # unused variable (benchmarks/throttle_site/urls.py:16)

# director: admin, app config, engines named in STUDIO_ENGINES, model fields and choices, serializer fields, viewsets
parameter_name  # unused variable (director/admin.py:40)
_.lookups  # unused method (director/admin.py:42)
max_num  # unused variable (director/admin.py:75)
can_delete  # unused variable (director/admin.py:76)
_.has_add_permission  # unused method (director/admin.py:92)
_.has_change_permission  # unused method (director/admin.py:95)
list_display_links  # unused variable (director/admin.py:153)
list_select_related  # unused variable (director/admin.py:155)
show_facets  # unused variable (director/admin.py:158)
inlines  # unused variable (director/admin.py:185)
DirectorConfig  # unused class (director/apps.py:4)
TemplatePitchWriter  # unused class (director/engines/pitch_writer.py:152)
KeyframePreviewer  # unused class (director/engines/preview.py:11)
LocalRemaster  # unused class (director/engines/remaster.py, named in settings)
_.pts  # unused attribute (director/engines/render.py:197)
TemplateStoryboardWriter  # unused class (director/engines/storyboard.py:422)
KlingStyleRenderer  # unused class (director/engines/render.py:408)
LumaStyleRenderer  # unused class (director/engines/render.py:412)
GeminiProStyleRenderer  # unused class (director/engines/render.py:416)
recommended_engine_label  # unused variable (director/serializers.py:200)
GEMINI_PRO  # unused variable (director/models.py:38)
indexes  # unused variable (director/models.py:99)
image_url  # unused variable (director/serializers.py:172)
original_quality_score  # unused variable (director/serializers.py: DirectorStateSerializer, the schema of a dict key)
sequence_index  # unused variable (director/serializers.py:183)
action_token  # unused variable (director/serializers.py:184)
invariant_token  # unused variable (director/serializers.py:185)
style_token  # unused variable (director/serializers.py:186)
transition  # unused variable (director/serializers.py:190)
user_feedback  # unused variable (director/serializers.py:194)
note_reply  # unused variable (director/serializers.py, PitchSerializer: schema only)
preselected  # unused variable (director/serializers.py, PitchSerializer: schema only)
label_text  # unused variable (director/serializers.py, SubjectSerializer and FocalPointSerializer: schema only)
attempt_count  # unused variable (director/serializers.py:196)
attempts_left  # unused variable (director/serializers.py:197)
three_beat_pulse  # unused variable (director/serializers.py:219)
scene_board  # unused variable (director/serializers.py:220)
recommended  # unused variable (director/serializers.py:224)
jobId  # unused variable (director/serializers.py:230)
quality_issues  # unused variable (director/serializers.py:233)
source_image_url  # unused variable (director/serializers.py:234)
eta_seconds  # unused variable (director/serializers.py:251)
_.validate_feedback  # unused method (director/serializers.py:296)
_.get_page_size  # unused method (director/views.py:54)
pagination_class  # unused variable (director/views.py:95)
filterset_class  # unused variable (director/views.py:96)
parser_classes  # unused variable (director/views.py:97)
lookup_value_converter  # unused variable (director/views.py:98)
_.retrieve  # unused method (director/views.py:120)
_.destroy  # unused method (director/views.py:134)

# learning: admin (changelist hooks, template-read attributes), app config, commands, serializers
_.fast_date_hierarchy  # unused method (learning/admin/dates.py:49)
_.result_list  # unused attribute (learning/admin/events.py:42)
search_help_text  # unused variable (learning/admin/events.py:75)
sortable_by  # unused variable (learning/admin/events.py:77)
_.has_delete_permission  # unused method (learning/admin/events.py:102)
_.get_readonly_fields  # unused method (learning/admin/events.py:105)
_.get_changelist  # unused method (learning/admin/events.py:111)
_.get_search_results  # unused method (learning/admin/events.py:114)
_.count_label  # unused property (learning/admin/paging.py:72)
LearningConfig  # unused class (learning/apps.py:4)
requires_system_checks  # unused variable (learning/management/commands/evaluate_studio_head.py:17)
_.add_arguments  # unused method (learning/management/commands/evaluate_studio_head.py:19)

# ratelimit: admin, app config, the cache backend and its API, checks, middleware, throttle
last_taken  # unused variable (ratelimit/models.py:21): a column written and read in SQL (ratelimit/buckets.py)
RatelimitConfig  # unused class (ratelimit/apps.py:27)
ReadableKey  # unused class (ratelimit/cache.py:44)
BucketCache  # unused class (ratelimit/cache.py:59)
_.incr  # unused method (ratelimit/cache.py:115)
_.touch  # unused method (ratelimit/cache.py:140)
check_ratelimit_cache  # unused function (ratelimit/checks.py:20)
app_configs  # unused variable (ratelimit/checks.py:21)
DjangoRatelimitChecksConfig  # unused class (ratelimit/django_ratelimit_app.py:6)
RateLimitHeadersMiddleware  # unused class (ratelimit/middleware.py:4)
window_start  # unused variable (ratelimit/models.py:18)
_.allow_request  # unused method (ratelimit/throttling.py:118)

# studio_project: app config, WSGI/ASGI, checks, database functions, logging, schema, URL handlers, views
StudioProjectConfig  # unused class (studio_project/apps.py:4)
application  # unused variable (studio_project/asgi.py:6)
check_static_manifest  # unused function (studio_project/checks.py:11)
output_field  # unused variable (studio_project/db.py:20)
_.as_sqlite  # unused method (studio_project/db.py:22)
compiler  # unused variable (studio_project/db.py:22)
RequestIdMiddleware  # unused class (studio_project/logs.py:18)
RequestIdFilter  # unused class (studio_project/logs.py:35)
JsonFormatter  # unused class (studio_project/logs.py:41)
StudioAutoSchema  # unused class (studio_project/schema.py:43)
permanent  # unused variable (studio_project/urls.py:17)
_.get_redirect_url  # unused method (studio_project/urls.py:19)
handler404  # unused variable (studio_project/urls.py:39)
handler500  # unused variable (studio_project/urls.py:40)
template_name  # unused variable (studio_project/web.py:106)
redirect_authenticated_user  # unused variable (studio_project/web.py:107)
_.get_default_redirect_url  # unused method (studio_project/web.py:109)

# accounts: self-service (export archive, serializer fields and validators, a view's schema class)
_.compress_type  # zipfile.ZipInfo reads it (accounts/exports.py)
current_password  # serializer field (accounts/serializers.py)
_.validate_current_password  # DRF calls validate_<field>
_.schema  # drf-spectacular reads a view method's schema class (accounts/views.py)

# studio_project: request limits (upload handler and middleware named in settings; Django's handler400)
UploadLimitHandler  # FILE_UPLOAD_HANDLERS (studio_project/uploads.py)
_.handle_raw_input  # Django's upload handler interface
input_data  # its signature
encoding  # its signature
_.receive_data_chunk  # Django's upload handler interface
_.file_complete  # Django's upload handler interface
_.upload_complete  # Django's upload handler interface
LengthRequiredMiddleware  # MIDDLEWARE (studio_project/uploads.py)
handler400  # Django's URLconf error handler

# director: serializer fields read by DRF
preview_url  # DirectorState scene field (director/serializers.py)
palette_names  # Analysis schema field (director/serializers.py)
_.ROOT_URLCONF  # Django reads it (benchmarks/admin_scale.py sets it)

# studio_project.schema: the Error component's optional fields, and the postprocessing hook named in settings
current_version  # Error serializer field
scenes_not_green  # Error serializer field
credits_needed  # Error serializer field
credits_missing  # Error serializer field
add_links  # SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS
generator  # its signature
public  # its signature
QueryStringMiddleware  # MIDDLEWARE (studio_project/middleware.py)

# director: the brief's choices (TextChoices members), its upload check, the share link's output fields
PORTRAIT  # unused variable (director/brief.py)
SQUARE  # unused variable (director/brief.py)
FEED  # unused variable (director/brief.py)
_.validate_brand_essence_prompt  # unused method (director/serializers.py)
poster_url  # unused variable (director/serializers.py)
active  # unused variable (director/serializers.py)
# audit: app config, serializer methods DRF calls, the changelist's method its template reads
AuditConfig  # INSTALLED_APPS (audit/apps.py)
_.result_table  # admin/audit/auditlog/change_list.html (audit/admin.py)
_.get_ip_address  # SerializerMethodField (audit/serializers.py)
_.get_user_agent  # SerializerMethodField (audit/serializers.py)
card_layout  # serializer fields: the user's arm of director_card_layout (accounts/serializers.py, director/serializers.py)
_.get_card_layout  # SerializerMethodField (accounts/serializers.py)
analysis_reused_from  # model field and serializer fields (director/models.py, director/serializers.py)
# cultural context and brand essence: DRF serializer fields and validate_<field> methods, read by name
_.validate_cultural_context  # unused method (accounts/serializers.py)
formality  # unused variable (director/culture.py, director/serializers.py)
confidence  # unused variable (director/culture.py)
product_info  # unused variable (director/serializers.py)
selling_points  # unused variable (director/serializers.py)
target_audience  # unused variable (director/serializers.py)
pain_points  # unused variable (director/serializers.py)
scenarios  # unused variable (director/serializers.py)
cta_offer  # unused variable (director/serializers.py)
grade_name  # unused variable (director/styles.py: a preset's field, sent by GET styles/)
typography  # unused variable (director/styles.py: a preset's field, sent by GET styles/)
available  # unused variable (director/styles.py: StyleSerializer field)
CulturalLanguageMiddleware  # unused class (accounts/language.py: named in settings.MIDDLEWARE)
_.LANGUAGE_CODE  # unused attribute (accounts/language.py: read by Django's i18n as request.LANGUAGE_CODE)

# studio_project/db.py: Django's own record of a saved instance (Model._state), set as save() sets it
_.adding  # unused attribute (studio_project/db.py:146)
# director/engines: a setting_changed receiver, connected by its decorator
_forget_labels  # unused function (director/engines/__init__.py:72)
# ratelimit/throttling.py: a setting_changed receiver, connected by its decorator
forget_rates  # unused function (ratelimit/throttling.py)
