package handlers

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"daotao/events"
)

var pathParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPI serves the OpenAPI 3 description generated from this server's
// route table, built on first use.
func (s *Server) openAPI(c echo.Context) error {
	return c.JSON(http.StatusOK, s.openAPIDoc())
}

// OpenAPIPath turns an echo path (/a/:id) into an OpenAPI one (/a/{id}).
func OpenAPIPath(p string) string { return pathParam.ReplaceAllString(p, "{$1}") }

func buildOpenAPI(routes []route, version string) map[string]any {
	paths := map[string]any{}
	for _, r := range routes {
		p := OpenAPIPath(r.path)
		ops, _ := paths[p].(map[string]any)
		if ops == nil {
			ops = map[string]any{}
			paths[p] = ops
		}
		ops[strings.ToLower(r.method)] = operation(r)
	}
	if version == "" {
		version = "dev"
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "daotao API", "version": version, "description": "Đề án 7328/ĐA-UBND: cử đi đào tạo, bồi dưỡng."},
		"paths":   paths,
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas":         map[string]any{"Error": schemaOf(reflect.TypeFor[errorBody]())},
		},
	}
}

func operation(r route) map[string]any {
	op := map[string]any{"summary": r.summary, "responses": responses(r)}
	if r.roles != nil {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
		roles := make([]string, len(r.roles))
		for i, role := range r.roles {
			roles[i] = string(role)
		}
		op["x-roles"] = roles
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(r.path, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if r.roles != nil { // delegations.go
		params = append(params, map[string]any{"name": actForHeader, "in": "header", "required": false,
			"description": "Act for this user under an active delegation (the delegator's role and agency apply; events record both)",
			"schema":      map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if r.body != nil {
		op["requestBody"] = map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.body))}}}
	}
	return op
}

func responses(r route) map[string]any {
	ok := map[string]any{"description": http.StatusText(r.status)}
	if r.resp != nil {
		ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(r.resp))}}
	}
	errRef := map[string]any{"description": "Error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
	return map[string]any{strconv.Itoa(r.status): ok, "default": errRef}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	dateType = reflect.TypeFor[events.Date]()
)

// schemaOf describes a Go type as a JSON schema, following json tags.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == dateType:
		return map[string]any{"type": "string", "format": "date"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{} // raw JSON
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, props)
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func addFields(t reflect.Type, props map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				addFields(ft, props)
				continue
			}
		}
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem() == t {
			continue
		}
		props[name] = schemaOf(f.Type)
	}
}
